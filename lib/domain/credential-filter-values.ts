import { controlFromRef } from "@/lib/domain/catalog/mapping";
import { ruleIds } from "@/lib/domain/posture/types";
import {
  accountabilityStates,
  controlMatches,
  credentialKinds,
  credentialSorts,
  credentialStatuses,
  dueBuckets,
  environments,
  reviewedStates,
  tokenCaches,
  yesNo,
  MAX_CONTROL_FILTERS,
} from "@/lib/domain/vocabulary/inventory";

/**
 * Whether the credential list would accept one URL filter value: the field checks of
 * lib/validation/inventory `credentialFilters` (each field's own schema, not the cross-field cursor
 * check), written without zod so the inventory table can drop a value the API would refuse without
 * shipping the schemas to the browser. credential-filter-values.test.ts compares every check with
 * `credentialFilters.shape[name].safeParse` over a corpus of values: change both together.
 */

/** The patterns of zod's z.uuid(), z.iso.date() and z.iso.datetime({ offset: true }) (zod 4.6). */
const uuid = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const dateSource =
  "(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))";
const isoDate = new RegExp(`^${dateSource}$`);
const isoDateTimeWithOffset = new RegExp(`^${dateSource}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`);

type Check = (value: string) => boolean;

const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v);
const trimmedAtMost =
  (max: number): Check =>
  (v) =>
    v.trim().length <= max;
const id: Check = (v) => uuid.test(v);

/** controlRefList: comma-separated catalog controls, each known, at most MAX_CONTROL_FILTERS. */
const controls: Check = (v) => {
  const list = [...new Set(v.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  return list.length <= MAX_CONTROL_FILTERS && list.every((ref) => ref.length <= 120 && controlFromRef(ref) !== undefined);
};

/** asOfField: blank, or a date or a zoned date-time not in the future. */
const asOf: Check = (v) => {
  if (v === "") return true;
  if (isoDate.test(v)) return !(Date.parse(`${v}T00:00:00.000Z`) > Date.now());
  return isoDateTimeWithOffset.test(v) && !(Date.parse(v) > Date.now());
};

/** z.coerce.number().int().min(1).max(365). */
const days: Check = (v) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 365;
};

export const credentialFilterValueChecks = {
  q: trimmedAtMost(200),
  teamId: id,
  ownerId: id,
  environment: oneOf(environments),
  status: oneOf(credentialStatuses),
  kind: oneOf(credentialKinds),
  apiId: id,
  trustZone: trimmedAtMost(100),
  serverId: id,
  applicationId: id,
  sdk: trimmedAtMost(200),
  tokenCache: oneOf(tokenCaches),
  due: oneOf(dueBuckets),
  reviewDue: oneOf(dueBuckets),
  dueWithin: days,
  rule: oneOf(ruleIds),
  control: controls,
  controlMatch: oneOf(controlMatches),
  accountability: oneOf(accountabilityStates),
  thirdParty: oneOf(yesNo),
  reviewed: oneOf(reviewedStates),
  sort: oneOf(credentialSorts),
  cursor: (v) => v.length <= 512,
  asOf,
} as const satisfies Record<string, Check>;
