/**
 * Which fields of the records a credential links to feed its derived state (due dates, DESIGN §4.1;
 * posture findings, §5.1). Each posture rule declares the ones it reads (`PostureRule.inputs`, required,
 * so a new rule does not compile until it says what it depends on), and `affectsCredentials`
 * (./rules) answers every writer from those declarations. A credential's own fields, secrets,
 * grants and application list always refresh it. Field names are the stored columns' (camelCase).
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
