/**
 * The title and description of every page whose header is fixed text. The page draws it, and so does
 * its loading skeleton (components/ui/route-skeletons.tsx): the first paint already says where you are, and
 * the page's largest text is on screen before its data streams in (issue #16: mobile LCP).
 * Pages whose header depends on the viewer or the data keep it inline, and their skeleton shows bars.
 */
export const pageHeaders = {
  "/audit": {
    title: "Audit log",
    description: "Every change, sign-in and denied request, in an append-only, hash-chained log.",
  },
  "/dashboard": {
    title: "Dashboard",
    description: "Who owns every non-human credential, what is overdue, and where the risk sits — across the inventory or for one team or environment.",
  },
  "/exceptions": {
    title: "Exceptions",
    description: "Accepted risks: a rule on one credential, or for a team or environment, with a justification, a compensating control, an approver and an expiry of at most 365 days. Excepted findings count as excepted everywhere and reopen when the exception ends.",
  },
  "/exceptions/new": {
    title: "New exception",
    description: "Accept a finding's risk for a limited time. Security decides; the approver is accountable; the expiry is at most 365 days away.",
  },
  "/exports": {
    title: "Auditor exports",
    description: "Inventory state as of the moment you download (point-in-time history comes later); the period bounds the lifecycle events and the audit-log extract. Every export is written to the audit log with its scope and row count.",
  },
  "/findings": {
    title: "Findings",
    description: "What the twenty-seven posture rules found across the inventory, why, and how to fix it. Findings resolve themselves when their cause is gone.",
  },
  "/import-export": {
    title: "Import & export",
    description: "The whole inventory as one file (steward-inventory/v1), or credentials as CSV. Records are matched by their keys, so importing the same file twice changes nothing.",
  },
  "/inbox": {
    title: "Inbox",
    description: "Reminders, escalations and approval notices addressed to you. E-mail and webhooks carry the same messages.",
  },
  "/incidents": {
    title: "Leak incidents",
    description: "Secrets reported leaked: each opens an emergency rotation and stays open until the secret is rotated or the credential decommissioned. Time to remediate is kept per incident.",
  },
  "/inventory": {
    title: "Inventory",
    description: "Every OAuth client, API key, service-account key and certificate, with its owners and its rotation and review dates.",
  },
  "/leak-lookup": {
    title: "Leak lookup",
    description: "Found a secret in a repository, a log or a paste site? Find out which credential it belongs to.",
  },
  "/people": {
    title: "People",
    description: "Everyone who can own, back up or rotate a credential. Mark people inactive when they leave.",
  },
  "/policies": {
    title: "Rotation policies",
    description: "Each credential follows the most specific policy that matches its environment, the sensitivity of the APIs it is granted, its kind and whether a third party uses it. Ties go to the higher priority, then to name order.",
  },
  "/queue": {
    title: "My queue",
    description: "What needs you: credentials due for rotation or review, approvals waiting for you, your review tasks and open findings.",
  },
  "/reviews": {
    title: "Reviews & campaigns",
    description: "Owners confirm each credential is still needed with the access it has. Campaigns ask every owner in scope at once, with a due date.",
  },
  "/reviews/campaigns/new": {
    title: "New review campaign",
    description: "Every active credential matching the filter gets a review task for its owner, who is notified. The filters mean what they mean in the inventory.",
  },
  "/rotations": {
    title: "Rotations",
    description: "Rotation requests: owner and security approvals with separation of duties, emergency (break-glass) rotations, and completions.",
  },
  "/servers": {
    title: "Authorization servers",
    description: "The token issuers credentials authenticate against: issuer, token endpoint, keys and what each server supports.",
  },
  "/servers/new": {
    title: "New authorization server",
    description: "Type the issuer URL and fill the rest from its discovery document, or enter the details by hand.",
  },
  "/settings/calendar": {
    title: "Calendar feeds",
    description: "Rotation and review due dates as an ICS calendar, at a secret URL. Anyone with the URL can read the feed: revoke it if it leaks.",
  },
  "/settings/notifications": {
    title: "Notifications",
    description: "E-mail, webhooks and the scheduler that sends reminders, escalations and approval notices.",
  },
  "/settings/tokens": {
    title: "API tokens",
    description: "Tokens for the Steward API (Authorization: Bearer …). A token acts with your rights at most, expires within a year, stops working when you are deactivated, and is itself a credential in the inventory. An ingest token only posts usage events (their format is in the API reference).",
  },
  "/settings/users": {
    title: "Users",
    description: "Who can sign in to Steward, and with which role.",
  },
  "/settings/users/new": {
    title: "Invite user",
    description: "Steward creates the account and gives you a one-time link for the person to set their password.",
  },
  "/teams": {
    title: "Teams",
    description: "Application, platform, identity-governance, security and vendor-management teams are accountable for credentials.",
  },
  "/usage/unknown-clients": {
    title: "Unknown clients",
    description: "OAuth clients seen in reported usage (token issuance or API decisions) that match no credential in the inventory by authorization server issuer and client id. Register the legitimate ones; find out who runs the rest.",
  },
} as const satisfies Record<string, { title: string; description: string }>;

/** The fixed header of the page at `path`, if it has one. */
export function fixedPageHeader(path: string): { title: string; description: string } | null {
  return Object.hasOwn(pageHeaders, path) ? pageHeaders[path as keyof typeof pageHeaders] : null;
}
