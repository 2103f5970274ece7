import type { LinkedRecord } from "../inputs";
import { dueDateInputs } from "../inputs";
import type { Evaluation, PostureInput, PostureRule, RuleFinding, RuleId } from "../types";
import { weakClientAuth, weakGrantType, sdkTokenHandlingUnknown, tokenCachePersistent } from "./client";
import { grantApprovalUnknown } from "./access";
import { policyWeaker, reviewOverdue, rotationOverdue, thirdPartyUnreviewed, tokenTtlExcessive } from "./governance";
import { backupOwnerMissing, goLiveReadiness, ownerMissing } from "./ownership";
import { crossTrustZone, multiAudience, orphanedAfterRetirement, scopeAdmin, sharedClient } from "./reach";
import { crossEnvironment, secretLeaked, secretNoExpiry, secretReused, secretUnmanaged } from "./secrets";
import { credentialDormant, scopeUnused, tokenOutsideGrants, tokenTtlObservedLonger } from "./usage";

export { joinWords } from "./helpers";
export { unmanagedStorages } from "./secrets";
export { wildcardScopes } from "./reach";
export { weakGrantTypes } from "./client";
export { usageWindowDays } from "./usage";

/**
 * The twenty posture rules of DESIGN §5.1, in the table's order, then the two of issue 12 (SDK token
 * handling not recorded; governance weaker than the matched policy), then the four of issue 14 that
 * compare the inventory with reported usage (DESIGN §5.4). Each is a pure function of one
 * credential with what it touches, plus "now", kept with its group in this folder. Details are JSON
 * (ISO dates, names, counts) and carry what `explain` needs to say why the rule fired; they never
 * hold fingerprints or secret values.
 */
export const postureRules: readonly PostureRule[] = [
  ownerMissing,
  backupOwnerMissing,
  goLiveReadiness,
  rotationOverdue,
  secretNoExpiry,
  reviewOverdue,
  tokenTtlExcessive,
  secretUnmanaged,
  secretLeaked,
  secretReused,
  crossEnvironment,
  scopeAdmin,
  multiAudience,
  crossTrustZone,
  sharedClient,
  weakGrantType,
  weakClientAuth,
  tokenCachePersistent,
  thirdPartyUnreviewed,
  orphanedAfterRetirement,
  sdkTokenHandlingUnknown,
  policyWeaker,
  scopeUnused,
  credentialDormant,
  tokenTtlObservedLonger,
  tokenOutsideGrants,
  grantApprovalUnknown,
];

export const ruleById = new Map<RuleId, PostureRule>(postureRules.map((r) => [r.id, r]));

/** Runs every rule over one credential. A decommissioned credential has no applicable rule. */
export function evaluatePosture(input: PostureInput): Evaluation {
  const evaluation: Evaluation = { applicable: [], findings: [] };
  if (input.credential.status === "decommissioned") return evaluation;
  for (const rule of postureRules) {
    const outcome = rule.evaluate(input);
    if (!outcome.applicable) continue;
    evaluation.applicable.push(rule.id);
    if (outcome.finding) evaluation.findings.push({ ruleId: rule.id, ...(outcome.finding satisfies RuleFinding) });
  }
  return evaluation;
}

/** Every linked input some rule (or the due dates the rules read) declares. */
const derivedInputs = new Set<string>([...dueDateInputs, ...postureRules.flatMap((r) => r.inputs)]);

/**
 * Whether changing these fields of a linked record can change the derived state of the credentials
 * linked to it. Every writer (REST services, import, jobs) asks this after changing an application,
 * an API or a person, so the answer follows the rules' own `inputs` rather than each writer's guess.
 */
export function affectsCredentials(record: LinkedRecord, changedFields: Iterable<string>): boolean {
  for (const field of changedFields) if (derivedInputs.has(`${record}.${field}`)) return true;
  return false;
}
