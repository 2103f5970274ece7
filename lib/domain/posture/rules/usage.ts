import type { PostureGrant, PostureInput, PostureRule, PostureUsageEntry } from "../types";
import { DAY_MS, notApplicable, passes, fires, str, num, joinWords, plural, onDay } from "./helpers";

/**
 * Intent against evidence (DESIGN §5.4; issue 14): what the inventory grants compared with what the
 * token endpoint and the APIs report (the usage rollup). No evidence is not "unused": a credential
 * nobody reports on gets none of these findings, only credentials with usage evidence do.
 */

/** The window the observed-TTL and outside-grants rules look at (days). */
export const usageWindowDays = 30;

const latest = (...dates: (Date | null)[]): Date | null => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

/** When this grant's scope was last used: a token issued carrying it (for the API's audience or none) or an allowed decision at the API. */
function lastUse(entries: readonly PostureUsageEntry[], grant: PostureGrant, scope: string): Date | null {
  let last: Date | null = null;
  for (const e of entries) {
    if (e.scope !== scope) continue;
    if (e.audience === grant.audience) last = latest(last, e.lastIssuedAt, e.lastAllowedAt);
    // A token issued without an audience still carries the scope to whichever API accepts it.
    else if (e.audience === "") last = latest(last, e.lastIssuedAt);
  }
  return last;
}

type UnusedScope = { api: string; scope: string; lastUsedAt: string | null };

export const scopeUnused: PostureRule = {
  id: "scope-unused",
  title: "Granted scope unused",
  defaultSeverity: "medium",
  inputs: ["api.name", "api.audience", "api.scopes"],
  firesWhen:
    "A scope granted more than N days ago (USAGE_UNUSED_SCOPE_DAYS, default 90) was neither carried by an issued token nor allowed at the API in the last N days, while usage has been reported for the credential for at least N days (no evidence is not unused).",
  evaluate(input) {
    const { usage } = input;
    const granted = input.grants.flatMap((g) => g.scopes.map((s) => ({ grant: g, scope: s.name })));
    // No evidence, or evidence younger than the window, cannot tell "unused" from "not reported".
    const cutoff = new Date(input.now.getTime() - usage.unusedScopeDays * DAY_MS);
    if (granted.length === 0 || usage.firstSeenAt === null || usage.firstSeenAt > cutoff) return notApplicable;
    const unused: UnusedScope[] = [];
    for (const { grant, scope } of granted) {
      if (grant.grantedAt >= cutoff) continue;
      const last = lastUse(usage.entries, grant, scope);
      if (last === null || last < cutoff) unused.push({ api: grant.apiName, scope, lastUsedAt: last?.toISOString() ?? null });
    }
    if (unused.length === 0) return passes;
    unused.sort((a, b) => (a.api === b.api ? (a.scope < b.scope ? -1 : 1) : a.api < b.api ? -1 : 1));
    return fires("medium", { days: usage.unusedScopeDays, evidenceSince: usage.firstSeenAt.toISOString(), unused });
  },
  explain(details) {
    const unused = Array.isArray(details.unused) ? (details.unused as Record<string, unknown>[]) : [];
    const items = unused.map((u) => `${str(u.scope)} on ${str(u.api)} (${typeof u.lastUsedAt === "string" ? `last used${onDay(u.lastUsedAt)}` : "never used"})`);
    return `Granted but unused for ${plural(num(details.days), "day")}: ${joinWords(items)}${typeof details.evidenceSince === "string" ? `; usage reported since ${details.evidenceSince.slice(0, 10)}` : ""}.`;
  },
  fix: "Remove the unused scopes from the grant (Access tab or a review that reduces scope), or record why the credential still needs them.",
};

export const credentialDormant: PostureRule = {
  id: "credential-dormant",
  title: "Credential dormant",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: "A credential that was issued tokens before has had none issued for N days (USAGE_DORMANT_DAYS, default 90): a decommission candidate.",
  evaluate(input) {
    const last = input.usage.lastIssuedAt;
    // Never seen at a token endpoint: nothing says it is idle, only that nobody reports on it.
    if (last === null) return notApplicable;
    const idleMs = input.now.getTime() - last.getTime();
    if (idleMs <= input.usage.dormantDays * DAY_MS) return passes;
    return fires("medium", { lastIssuedAt: last.toISOString(), days: input.usage.dormantDays });
  },
  explain: (details) => `No token has been issued to this credential for over ${plural(num(details.days), "day")} (last${onDay(details.lastIssuedAt) || " issuance unknown"}).`,
  fix: "Confirm with the owner whether it is still needed; decommission it (revoke the client at the authorization server) if not.",
};

export const tokenTtlObservedLonger: PostureRule = {
  id: "token-ttl-observed-longer",
  title: "Observed token lifetime longer than declared",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: `A token issued in the last ${usageWindowDays} days lived longer than the declared access-token TTL.`,
  evaluate(input) {
    const declared = input.credential.accessTokenTtlSeconds;
    const observed = input.usage.maxTtlSeconds30d;
    if (declared === null || observed === null) return notApplicable;
    return observed <= declared ? passes : fires("medium", { observedSeconds: observed, declaredSeconds: declared });
  },
  explain: (details) => `The authorization server issued tokens living ${num(details.observedSeconds)} s; the inventory declares ${num(details.declaredSeconds)} s.`,
  fix: "Align the authorization server's token lifetime with the declared TTL, or correct the declared TTL (token-ttl-excessive then checks it against the policy).",
};

type Outside = { audience: string; scope: string; count: number; outside: "audience" | "scope" };

/** Decisions at an API whose audience no grant covers, or whose scope the grant for that audience does not hold. */
function outsideGrants(input: PostureInput, pick: (e: PostureUsageEntry) => number): Outside[] {
  const out: Outside[] = [];
  for (const e of input.usage.entries) {
    const count = pick(e);
    if (e.scope === "" || count === 0) continue;
    const grants = input.grants.filter((g) => g.audience === e.audience);
    if (grants.length === 0) out.push({ audience: e.audience, scope: e.scope, count, outside: "audience" });
    else if (!grants.some((g) => g.scopes.some((s) => s.name === e.scope))) out.push({ audience: e.audience, scope: e.scope, count, outside: "scope" });
  }
  return out.sort((a, b) => (a.audience === b.audience ? (a.scope < b.scope ? -1 : 1) : a.audience < b.audience ? -1 : 1));
}

const describeOutside = (v: unknown) =>
  joinWords(
    (Array.isArray(v) ? (v as Record<string, unknown>[]) : []).map(
      (o) => `${str(o.scope)} at ${str(o.audience, "an unnamed audience")} (${plural(num(o.count), "call")}, ${o.outside === "audience" ? "audience not granted" : "scope not granted"})`,
    ),
  );

export const tokenOutsideGrants: PostureRule = {
  id: "token-outside-grants",
  title: "Token used outside its grants",
  defaultSeverity: "high",
  inputs: ["api.audience", "api.scopes"],
  firesWhen: `In the last ${usageWindowDays} days the credential's token was presented to an API audience or for a scope it has no grant for: high when an API allowed it, medium when every such call was denied.`,
  evaluate(input) {
    const decided = input.usage.entries.some((e) => e.scope !== "" && e.allowed30d + e.denied30d > 0);
    if (!decided) return notApplicable;
    const allowed = outsideGrants(input, (e) => e.allowed30d);
    const denied = outsideGrants(input, (e) => e.denied30d);
    if (allowed.length === 0 && denied.length === 0) return passes;
    // Allowed: the API enforces less than the inventory records (or the grant is missing). Denied: enforcement worked, but something tried.
    return fires(allowed.length > 0 ? "high" : "medium", { allowed, denied });
  },
  explain(details) {
    const allowed = describeOutside(details.allowed);
    const denied = describeOutside(details.denied);
    const parts = [...(allowed ? [`allowed: ${allowed}`] : []), ...(denied ? [`denied: ${denied}`] : [])];
    return `Presented outside its recorded grants — ${parts.join("; ") || "no detail recorded"}.`;
  },
  fix: "If the use is legitimate, record the grant (API and scope) through an access decision; otherwise tighten the API's authorization and find who holds the token.",
};
