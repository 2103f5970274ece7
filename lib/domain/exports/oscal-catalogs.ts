import { controlsOf, frameworkById } from "../catalog/frameworks";
import { stewardCatalogIds, type Control, type FrameworkId, type StewardCatalogId } from "../catalog/types";
import { uuidFrom } from "./uuid";

/**
 * Where each control of the catalog resolves in OSCAL (issue 15): the catalog document that holds it
 * and the part a finding targets. NIST's catalogs are pinned to the oscal-content commit Steward's
 * catalog was checked against (reference/oscal/README.md), with their SHA-256, so an auditor fetches
 * exactly those bytes; OWASP NHI and SP 800-207 have no OSCAL catalog, so Steward publishes its own
 * at a stable route and embeds it in every OSCAL export.
 */

export type CatalogSource = {
  key: StewardCatalogId | "nist-csf-2.0" | "nist-sp-800-53r5-high" | "nist-sp-800-53r5";
  uuid: string;
  title: string;
  href: string;
  mediaType: string;
  sha256?: string;
};

const oscalContent = "https://raw.githubusercontent.com/usnistgov/oscal-content";
/** The stable route Steward serves its own catalogs at (app/api/v1/oscal/catalogs/[catalog]). */
export const stewardCatalogHref = (id: StewardCatalogId) => `/api/v1/oscal/catalogs/${id}`;

const sources: Record<CatalogSource["key"], CatalogSource> = {
  "owasp-nhi-2025": { key: "owasp-nhi-2025", uuid: uuidFrom("steward-catalog", "owasp-nhi-2025"), title: "Steward's OSCAL catalog of the OWASP Top 10 Non-Human Identities Risks 2025", href: stewardCatalogHref("owasp-nhi-2025"), mediaType: "application/oscal.catalog+json" },
  "nist-sp-800-207": { key: "nist-sp-800-207", uuid: uuidFrom("steward-catalog", "nist-sp-800-207"), title: "Steward's OSCAL catalog of the NIST SP 800-207 §2.1 tenets", href: stewardCatalogHref("nist-sp-800-207"), mediaType: "application/oscal.catalog+json" },
  "nist-csf-2.0": {
    key: "nist-csf-2.0",
    uuid: uuidFrom("nist-catalog", "csf-2.0"),
    title: "NIST Cybersecurity Framework 2.0 (NIST OSCAL catalog)",
    href: `${oscalContent}/3b3cdee8f9f9f3e9f18dd70d89a58d6287ae433f/src/nist.gov/CSF/v2.0/xml/NIST_CSF_v2.0_catalog.xml`,
    mediaType: "application/oscal.catalog+xml",
    sha256: "53ee579c09a7b9d9c635964a92dc6c63bd39921a55e8142d69c7dd95cb3b3076",
  },
  "nist-sp-800-53r5-high": {
    key: "nist-sp-800-53r5-high",
    uuid: uuidFrom("nist-catalog", "sp800-53r5-high"),
    title: "NIST SP 800-53 Rev. 5.1.1 HIGH baseline, resolved profile catalog (NIST OSCAL)",
    href: `${oscalContent}/941c978d14c57379fbf6f7fb388f675067d5bff7/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json`,
    mediaType: "application/oscal.catalog+json",
    sha256: "1cc0e575f7754a23cf5748cb375cb5b316ac32610ef5ce5633c174e345bfe014",
  },
  "nist-sp-800-53r5": {
    key: "nist-sp-800-53r5",
    uuid: uuidFrom("nist-catalog", "sp800-53r5"),
    title: "NIST SP 800-53 Rev. 5 full catalog (NIST OSCAL), for controls outside the HIGH baseline",
    href: `${oscalContent}/941c978d14c57379fbf6f7fb388f675067d5bff7/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json`,
    mediaType: "application/oscal.catalog+json",
  },
};

/**
 * SP 800-53 controls of the catalog that no baseline selects (checked against NIST's HIGH baseline by
 * lib/domain/exports/oscal-catalogs.test.ts): they resolve in the full catalog, never through the baseline.
 */
export const outsideHighBaseline: ReadonlySet<string> = new Set(["IA-5(7)", "IA-9", "IA-13(3)"]);

export function catalogSourceOf(control: Pick<Control, "framework" | "id">): CatalogSource {
  if (control.framework === "nist-sp-800-53r5") return sources[outsideHighBaseline.has(control.id) ? "nist-sp-800-53r5" : "nist-sp-800-53r5-high"];
  return sources[control.framework];
}

/**
 * The catalog part a finding about this control targets: NIST's CSF 2.0 statement (`PR.AA-05_statement`),
 * the SP 800-53 assessment objective where the baseline catalog has one (`ia-5_obj`), else the
 * control's statement (`ia-9_smt`); Steward's own catalogs carry one statement per control.
 */
export function oscalTarget(control: Control): { type: "objective-id" | "statement-id"; "target-id": string } {
  const source = catalogSourceOf(control);
  if (control.framework === "nist-csf-2.0") return { type: "statement-id", "target-id": `${control.id}_statement` };
  if (source.key === "nist-sp-800-53r5-high") return { type: "objective-id", "target-id": `${control.oscalId}_obj` };
  return { type: "statement-id", "target-id": `${control.oscalId}_smt` };
}

/** Fixed, so the served catalog is byte-stable between releases that do not change it. */
const CATALOG_MODIFIED = "2026-12-06T00:00:00.000Z";

/** Steward's own OSCAL catalog of one framework: one control per entry, its display id as the label. */
export function stewardCatalog(id: StewardCatalogId) {
  const framework = frameworkById.get(id);
  const referenceUuid = uuidFrom("steward-catalog", id, "publisher");
  return {
    catalog: {
      uuid: sources[id].uuid,
      metadata: {
        title: framework?.name ?? id,
        "last-modified": CATALOG_MODIFIED,
        version: framework?.version ?? "1",
        "oscal-version": "1.0.6",
        links: [{ href: `#${referenceUuid}`, rel: "reference" }],
        remarks: "Published by Steward because the publisher has no OSCAL catalog. Control ids are token-safe forms of the publisher's ids (the label prop); titles are the publisher's; statements are Steward's own short descriptions, except the SP 800-207 tenets, which quote §2.1.",
      },
      controls: controlsOf(id).map((c) => ({
        id: c.oscalId,
        title: c.title,
        props: [{ name: "label", value: c.id }],
        parts: [{ id: `${c.oscalId}_smt`, name: "statement", prose: id === "nist-sp-800-207" ? c.title : c.description }],
      })),
      "back-matter": { resources: [{ uuid: referenceUuid, title: framework?.name ?? id, rlinks: [{ href: framework?.url ?? id }] }] },
    },
  };
}

/**
 * Back-matter resources for every catalog the controls of these frameworks resolve in: an rlink (with
 * its SHA-256 for NIST's), and Steward's own catalogs embedded as base64 so the export resolves offline.
 */
export function catalogResources(frameworks: readonly FrameworkId[]) {
  const used = new Map<string, CatalogSource>();
  for (const fw of frameworks) for (const c of controlsOf(fw)) used.set(catalogSourceOf(c).key, catalogSourceOf(c));
  return [...used.values()].map((s) => ({
    uuid: s.uuid,
    title: s.title,
    rlinks: [{ href: s.href, "media-type": s.mediaType, ...(s.sha256 ? { hashes: [{ algorithm: "SHA-256", value: s.sha256 }] } : {}) }],
    ...(isSteward(s.key) ? { base64: { filename: `${s.key}.json`, "media-type": s.mediaType, value: Buffer.from(JSON.stringify(stewardCatalog(s.key))).toString("base64") } } : {}),
  }));
}

const isSteward = (key: string): key is StewardCatalogId => (stewardCatalogIds as readonly string[]).includes(key);
