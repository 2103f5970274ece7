import type { PostureRule } from "../types";
import { notApplicable, passes, fires, list, joinWords } from "./helpers";

/** Access decisions per API (DESIGN §4.5, issue 14). */

export const grantApprovalUnknown: PostureRule = {
  id: "grant-approval-unknown",
  title: "Grant approver unknown",
  defaultSeverity: "medium",
  inputs: ["api.name"],
  firesWhen: "An approved grant has no recorded approver (recorded before access decisions existed).",
  evaluate(input) {
    if (input.grants.length === 0) return notApplicable;
    const unknown = input.grants.filter((g) => !g.approverKnown).map((g) => g.apiName);
    return unknown.length === 0 ? passes : fires("medium", { apis: unknown.sort() });
  },
  explain: (details) => `Nobody is recorded as having approved access to ${joinWords(list(details.apis))}.`,
  fix: "Have the API's owning team (or security) review each grant on the Access tab: keeping it records them as its approver.",
};
