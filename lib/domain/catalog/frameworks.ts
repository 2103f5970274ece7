import type { Control, Framework, FrameworkId } from "./types";

/**
 * The control catalog shipped with Steward (DESIGN §5.2). Ids and official titles are facts,
 * checked by lib/domain/catalog/catalog.test.ts against the reference texts in tests/fixtures/reference
 * (OWASP and SP 800-207 from controls.md; CSF 2.0 statements from NIST's OSCAL catalog, since CSF
 * subcategories have no other title; SP 800-53 titles from NIST's OSCAL catalog or controls.md).
 * Descriptions are Steward's own words.
 */
export const frameworks: readonly Framework[] = [
  {
    id: "owasp-nhi-2025",
    name: "OWASP Top 10 Non-Human Identities Risks 2025",
    shortName: "OWASP NHI 2025",
    publisher: "OWASP Non-Human Identities Top 10 project",
    version: "2025",
    url: "https://owasp.org/www-project-non-human-identities-top-10/2025/",
  },
  {
    id: "nist-csf-2.0",
    name: "NIST Cybersecurity Framework 2.0",
    shortName: "NIST CSF 2.0",
    publisher: "NIST (CSWP 29)",
    version: "2.0",
    url: "https://doi.org/10.6028/NIST.CSWP.29",
  },
  {
    id: "nist-sp-800-207",
    name: "NIST SP 800-207 Zero Trust Architecture",
    shortName: "NIST SP 800-207",
    publisher: "NIST",
    version: "August 2020",
    url: "https://doi.org/10.6028/NIST.SP.800-207",
  },
  {
    id: "nist-sp-800-53r5",
    name: "NIST SP 800-53 Rev. 5 Security and Privacy Controls",
    shortName: "NIST SP 800-53 r5",
    publisher: "NIST",
    version: "5.1.1",
    url: "https://doi.org/10.6028/NIST.SP.800-53r5",
  },
];

type Entry = [id: string, oscalId: string, title: string, description: string, aliases?: string[]];

/** OWASP NHI ids: NHI7:2025 → also found as NHI7, NHI-07, NHI-7, nhi7-2025. */
const owaspAliases = (n: number) => [`NHI${n}`, `NHI-${String(n).padStart(2, "0")}`, `NHI-${n}`, `nhi${n}-2025`];

type Row = [id: string, oscalId: string, title: string, description: string];

const owasp: Entry[] = (
  [
  ["NHI1:2025", "nhi1-2025", "Improper Offboarding", "Credentials outlive the service or the person they belonged to and keep working unwatched."],
  ["NHI2:2025", "nhi2-2025", "Secret Leakage", "Secrets end up in code, config files, logs or chat, where anyone who finds them can act as the workload."],
  ["NHI3:2025", "nhi3-2025", "Vulnerable Third-Party NHI", "Vendors, SaaS integrations and plugins hold tokens into your systems; their compromise becomes yours."],
  ["NHI4:2025", "nhi4-2025", "Insecure Authentication", "Machine clients authenticate with weak, deprecated or home-made methods (implicit, password grant, static keys)."],
  ["NHI5:2025", "nhi5-2025", "Overprivileged NHI", "Workload identities hold far more scope than their job needs, widening the blast radius of a compromise."],
  ["NHI6:2025", "nhi6-2025", "Insecure Cloud Deployment Configurations", "Pipelines reach cloud accounts with static credentials or loosely validated federation tokens."],
  ["NHI7:2025", "nhi7-2025", "Long-Lived Secrets", "Secrets that never expire or are never rotated keep an attacker in for as long as they like."],
  ["NHI8:2025", "nhi8-2025", "Environment Isolation", "One identity serves several environments, so a breach of test opens production."],
  ["NHI9:2025", "nhi9-2025", "NHI Reuse", "One identity is shared by several applications; compromising one compromises all."],
  ["NHI10:2025", "nhi10-2025", "Human Use of NHI", "People sign in with workload credentials, mixing human actions into automation and losing accountability."],
  ] satisfies Row[]
).map(([id, oscalId, title, description], i): Entry => [id, oscalId, title, description, owaspAliases(i + 1)]);

/**
 * CSF 2.0 subcategories: the official statement is the title; every CSF 1.1 id that NIST's 1.1 → 2.0
 * mapping sends here is an alias (controls.md §2.3 and issue 15).
 */
const csf: Entry[] = [
  ["GV.RR-02", "GV.RR-02", "Roles, responsibilities, and authorities related to cybersecurity risk management are established, communicated, understood, and enforced", "Every credential has named, accountable people.", ["ID.AM-6", "DE.DP-1"]],
  ["GV.SC-04", "GV.SC-04", "Suppliers are known and prioritized by criticality", "Third parties holding access are known and ranked by what they can reach."],
  ["ID.AM-02", "ID.AM-02", "Inventories of software, services, and systems managed by the organization are maintained", "The inventory of clients, APIs and applications is kept current.", ["ID.AM-2"]],
  ["ID.AM-04", "ID.AM-04", "Inventories of services provided by suppliers are maintained", "Integrations provided by suppliers are inventoried too.", ["ID.AM-4"]],
  ["ID.AM-08", "ID.AM-08", "Systems, hardware, software, services, and data are managed throughout their life cycles", "Credentials are rotated, reviewed and retired over their whole life.", ["PR.DS-3", "PR.IP-2", "PR.MA-1", "PR.MA-2"]],
  ["PR.AA-01", "PR.AA-01", "Identities and credentials for authorized users, services, and hardware are managed by the organization", "Service credentials are issued, rotated and revoked under control.", ["PR.AC-1"]],
  ["PR.AA-02", "PR.AA-02", "Identities are proofed and bound to credentials based on the context of interactions", "Each credential belongs to one workload; no sharing.", ["PR.AC-6"]],
  ["PR.AA-03", "PR.AA-03", "Users, services, and hardware are authenticated", "Clients authenticate with strong methods and short-lived tokens.", ["PR.AC-3", "PR.AC-7"]],
  ["PR.AA-04", "PR.AA-04", "Identity assertions are protected, conveyed, and verified", "Tokens and client assertions are signed and verified."],
  ["PR.AA-05", "PR.AA-05", "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties", "Scopes are least-privilege and reviewed; approvals separate duties.", ["PR.AC-4", "PR.AC-1", "PR.AC-3"]],
  ["PR.DS-01", "PR.DS-01", "The confidentiality, integrity, and availability of data-at-rest are protected", "Secrets and tokens at rest are kept in protected stores.", ["PR.DS-1", "PR.DS-5", "PR.DS-6"]],
  ["PR.IR-01", "PR.IR-01", "Networks and environments are protected from unauthorized logical access and usage", "Environments and trust zones do not share credentials.", ["PR.AC-5", "PR.AC-3", "PR.DS-7"]],
  ["RS.MI-02", "RS.MI-02", "Incidents are eradicated", "Leaked secrets are rotated away and the incident closed."],
  ["DE.CM-03", "DE.CM-03", "Personnel activity and technology usage are monitored to find potentially adverse events", "Use of non-human identities is watched for misuse.", ["DE.CM-3", "DE.CM-7"]],
];

/**
 * SP 800-207 §2.1 tenets, cited by number; the title is the tenet's sentence verbatim as NIST prints
 * it (tests/fixtures/reference/sp800-207-tenets.md), the description Steward's short form.
 */
const tenets: Entry[] = (
  [
  ["Tenet 1", "tenet-1", "All data sources and computing services are considered resources.", "Every service and data source, SaaS included, is a resource to protect."],
  ["Tenet 2", "tenet-2", "All communication is secured regardless of network location.", "Being inside the network earns no trust."],
  ["Tenet 3", "tenet-3", "Access to individual enterprise resources is granted on a per-session basis.", "Least privilege per session: access to one resource grants no other."],
  ["Tenet 4", "tenet-4", "Access to resources is determined by dynamic policy—including the observable state of client identity, application/service, and the requesting asset—and may include other behavioral and environmental attributes.", "Decisions use the observable state of the client identity, service identities included."],
  ["Tenet 5", "tenet-5", "The enterprise monitors and measures the integrity and security posture of all owned and associated assets.", "No asset is trusted by default; posture is measured continuously."],
  ["Tenet 6", "tenet-6", "All resource authentication and authorization are dynamic and strictly enforced before access is allowed.", "Credentials are short-lived, rotated, and re-evaluated continually."],
  ["Tenet 7", "tenet-7", "The enterprise collects as much information as possible about the current state of assets, network infrastructure and communications and uses it to improve its security posture.", "Know every asset and identity to improve policy and enforcement."],
  ] satisfies Row[]
).map(([id, oscalId, title, description]): Entry => [id, oscalId, title, description, [`800-207 ${id.toLowerCase()}`, `zt ${id.toLowerCase()}`]]);

/** SP 800-53 Rev 5: every control the rules map to, plus AC-1 (evidenced by the policy set itself). */
const sp80053: Entry[] = [
  ["AC-1", "ac-1", "Policy and Procedures", "Access-control policy exists and is reviewed: Steward's rotation policies are the evidence."],
  ["AC-2", "ac-2", "Account Management", "Service accounts have managers, approvals and are removed when no longer needed."],
  ["AC-2(3)", "ac-2.3", "Disable Accounts", "Accounts without an owner or purpose are disabled."],
  ["AC-4", "ac-4", "Information Flow Enforcement", "Flows between environments and zones are controlled."],
  ["AC-6", "ac-6", "Least Privilege", "Processes get only the access their task needs."],
  ["AC-6(7)", "ac-6.7", "Review of User Privileges", "Privileges are reviewed on a cadence and trimmed."],
  ["AC-20", "ac-20", "Use of External Systems", "Terms govern access from and to external systems."],
  ["CM-8(4)", "cm-8.4", "Accountability Information", "Each inventoried component names who is responsible for it."],
  ["IA-4", "ia-4", "Identifier Management", "Identifiers are assigned per service and not reused."],
  ["IA-5", "ia-5", "Authenticator Management", "Credentials are issued, protected, refreshed and revoked through their life."],
  ["IA-5(2)", "ia-5.2", "Public Key-based Authentication", "Private keys are protected and certificate status validated."],
  ["IA-5(7)", "ia-5.7", "No Embedded Unencrypted Static Authenticators", "No secrets embedded in code or static storage."],
  ["IA-9", "ia-9", "Service Identification and Authentication", "Services authenticate before they talk to each other."],
  ["IA-13(3)", "ia-13.3", "Token Management", "Access tokens are issued, refreshed and revoked by policy, with a limited lifetime and audience."],
  ["IR-4", "ir-4", "Incident Handling", "Incidents are handled from detection to eradication and recovery."],
  ["SA-9", "sa-9", "External System Services", "External providers are overseen under agreed requirements."],
  ["SC-7", "sc-7", "Boundary Protection", "Interfaces between networks and zones are monitored and controlled."],
  ["SC-28", "sc-28", "Protection of Information at Rest", "Stored information, secrets included, is protected."],
];

const build = (framework: FrameworkId, entries: Entry[]): Control[] =>
  entries.map(([id, oscalId, title, description, aliases]) => ({ framework, id, oscalId, title, description, aliases: aliases ?? [] }));

export const controls: readonly Control[] = [
  ...build("owasp-nhi-2025", owasp),
  ...build("nist-csf-2.0", csf),
  ...build("nist-sp-800-207", tenets),
  ...build("nist-sp-800-53r5", sp80053),
];

export const frameworkById = new Map<FrameworkId, Framework>(frameworks.map((f) => [f.id, f]));

export function isFrameworkId(value: string): value is FrameworkId {
  return frameworkById.has(value as FrameworkId);
}

/** Controls of one framework, in catalog order. */
export function controlsOf(framework: FrameworkId): Control[] {
  return controls.filter((c) => c.framework === framework);
}

/** A control by framework and either its display id or its OSCAL id (URLs use the OSCAL id). */
export function findControl(framework: string, id: string): Control | undefined {
  return controls.find((c) => c.framework === framework && (c.oscalId === id || c.id === id));
}
