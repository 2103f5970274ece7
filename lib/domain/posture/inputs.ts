import type { RuleId } from "./types";

/**
 * Which fields of the records a credential links to feed its derived state (due dates, DESIGN §4.1;
 * posture findings, §5.1). Every writer — REST services, import, jobs — asks `affectsCredentials`
 * after changing an application, an API or a person, so the answer lives here, next to the rules,
 * and not in each writer. A credential's own fields, secrets, grants and application list always
 * refresh it. Field names are the stored columns' (camelCase).
 */
export const linkedFields = {
  application: ["name", "environment", "trustZone", "thirdParty", "status"],
  api: ["name", "audience", "trustZone", "sensitivity", "scopes"],
  person: ["name", "isActive"],
} as const;

export type LinkedRecord = keyof typeof linkedFields;
export type LinkedInput = { [R in LinkedRecord]: `${R}.${(typeof linkedFields)[R][number]}` }[LinkedRecord];

/** What the effective policy and due dates read (lib/domain/policies `matchPolicy`): rules reading due dates depend on these too. */
export const dueDateInputs: readonly LinkedInput[] = ["api.sensitivity", "application.thirdParty"];

/**
 * The linked inputs each posture rule reads (directly or in its details). A `Record` over every
 * rule id: a new rule does not compile until it says what it depends on.
 */
export const ruleInputs: Record<RuleId, readonly LinkedInput[]> = {
  "owner-missing": ["person.isActive", "person.name"],
  "backup-owner-missing": [],
  "go-live-readiness": [],
  "rotation-overdue": dueDateInputs,
  "secret-no-expiry": [],
  "review-overdue": dueDateInputs,
  "token-ttl-excessive": dueDateInputs,
  "secret-unmanaged": [],
  "secret-leaked": [],
  "secret-reused": [],
  "cross-environment": ["application.environment"],
  "scope-admin": ["api.name", "api.scopes"],
  "multi-audience": ["api.audience"],
  "cross-trust-zone": ["api.trustZone", "application.trustZone"],
  "shared-client": ["application.name"],
  "weak-grant-type": [],
  "weak-client-auth": ["api.name", "api.sensitivity"],
  "token-cache-persistent": [],
  "third-party-unreviewed": ["application.name", "application.thirdParty", ...dueDateInputs],
  "orphaned-after-retirement": ["application.name", "application.status"],
  "sdk-token-handling-unknown": [],
  // The matched policy it compares the override with follows the API's sensitivity and third parties.
  "policy-weaker": dueDateInputs,
};

const derivedInputs = new Set<string>([...dueDateInputs, ...Object.values(ruleInputs).flat()]);

/** Whether changing these fields of a linked record can change the derived state of the credentials linked to it. */
export function affectsCredentials(record: LinkedRecord, changedFields: Iterable<string>): boolean {
  for (const field of changedFields) if (derivedInputs.has(`${record}.${field}`)) return true;
  return false;
}
