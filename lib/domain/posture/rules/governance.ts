import { weakerAspects, weakerAspectWords, withCadenceOverride, type StrictnessAspect } from "../../policies";
import { dueDateInputs } from "../inputs";
import type { PostureRule } from "../types";
import { DAY_MS, notApplicable, passes, fires, str, num, list, joinWords, plural, onDay } from "./helpers";

/** Due dates and the policy a credential is governed by (DESIGN §4.1, §5.1; issue 12 policy-weaker). */

/** How late a due date is (negative: not yet due), with the details both overdue rules store; null without a date. */
function lateness(due: Date | null, now: Date): { ms: number; details: { dueAt: string; daysLate: number } } | null {
  if (!due) return null;
  const ms = now.getTime() - due.getTime();
  return { ms, details: { dueAt: due.toISOString(), daysLate: Math.floor(ms / DAY_MS) } };
}

export const rotationOverdue: PostureRule = {
  id: "rotation-overdue",
  title: "Rotation overdue",
  defaultSeverity: "high",
  inputs: dueDateInputs,
  firesWhen: "The rotation due date has passed (critical when more than 30 days late).",
  evaluate(input) {
    const late = lateness(input.credential.rotationDueAt, input.now);
    if (!late) return notApplicable;
    if (late.ms <= 0) return passes;
    return fires(late.ms > 30 * DAY_MS ? "critical" : "high", late.details);
  },
  explain: (details) => `Rotation was due${onDay(details.dueAt)}${num(details.daysLate) > 0 ? `, ${plural(num(details.daysLate), "day")} ago` : ""}.`,
  fix: "Request and complete a rotation (Lifecycle tab); completing it resolves this finding.",
};

export const reviewOverdue: PostureRule = {
  id: "review-overdue",
  title: "Review overdue",
  defaultSeverity: "medium",
  inputs: dueDateInputs,
  firesWhen: "The review due date has passed.",
  evaluate(input) {
    const late = lateness(input.credential.reviewDueAt, input.now);
    if (!late) return notApplicable;
    return late.ms <= 0 ? passes : fires("medium", late.details);
  },
  explain: (details) => `The access review was due${onDay(details.dueAt)}.`,
  fix: "Review the credential (keep, reduce scope or revoke).",
};

export const tokenTtlExcessive: PostureRule = {
  id: "token-ttl-excessive",
  title: "Access tokens live too long",
  defaultSeverity: "medium",
  inputs: dueDateInputs,
  firesWhen: "The access-token TTL exceeds the policy's maximum.",
  evaluate(input) {
    const ttl = input.credential.accessTokenTtlSeconds;
    if (ttl === null || !input.policy) return notApplicable;
    const max = input.policy.maxAccessTokenTtlSeconds;
    return ttl <= max ? passes : fires("medium", { ttlSeconds: ttl, maxSeconds: max, policy: input.policy.name });
  },
  explain: (details) => `Access tokens live ${num(details.ttlSeconds)} s; the policy "${str(details.policy)}" allows at most ${num(details.maxSeconds)} s.`,
  fix: "Shorten the access-token lifetime at the authorization server (and record the new TTL).",
};

export const thirdPartyUnreviewed: PostureRule = {
  id: "third-party-unreviewed",
  title: "Third-party access not reviewed",
  defaultSeverity: "high",
  inputs: ["application.name", "application.thirdParty", ...dueDateInputs],
  firesWhen: "A credential of a third-party application whose review is overdue or never done.",
  evaluate(input) {
    const vendors = input.applications.filter((a) => a.thirdParty);
    if (vendors.length === 0) return notApplicable;
    const never = input.credential.lastReviewedAt === null;
    const due = input.credential.reviewDueAt;
    const overdue = due !== null && due.getTime() < input.now.getTime();
    return !never && !overdue ? passes : fires("high", { applications: vendors.map((a) => a.name).sort(), neverReviewed: never, reviewDueAt: due?.toISOString() ?? null });
  },
  explain: (details) =>
    `Third-party access for ${joinWords(list(details.applications))} ${details.neverReviewed === true ? "has never been reviewed" : `was due for review${onDay(details.reviewDueAt)}`}.`,
  fix: "Review the vendor's access now; revoke what it no longer needs.",
};

export const policyWeaker: PostureRule = {
  id: "policy-weaker",
  title: "Governed more loosely than its policy",
  defaultSeverity: "medium",
  // The matched policy it compares the override with follows the API's sensitivity and third parties.
  inputs: dueDateInputs,
  firesWhen: "An override (rotation policy or review cadence) is weaker than the policy the credential matches.",
  evaluate(input) {
    if (!input.matchedPolicy || !input.policy) return notApplicable;
    const weaker = weakerAspects(withCadenceOverride(input.policy, input.credential.reviewCadenceDays), input.matchedPolicy);
    if (weaker.length === 0) return passes;
    return fires("medium", { policy: input.policy.name, matchedPolicy: input.matchedPolicy.name, reviewCadenceDays: input.credential.reviewCadenceDays, weaker });
  },
  explain: (details) =>
    `Governed more loosely than the matched policy “${str(details.matchedPolicy)}”: ${joinWords(list(details.weaker).map((a) => (a in weakerAspectWords ? weakerAspectWords[a as StrictnessAspect] : a)))}.`,
  fix: "Remove the override (policy or review cadence), or have security record why the weaker governance is accepted (an exception).",
};
