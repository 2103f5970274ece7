import type { Prng } from "./prng";
import type { DemoFlaw } from "./types";
import type { Draft } from "./records";

/** Share of (eligible) credentials that get each staged flaw. Independent draws: some records get several, about half get none. */
const flawRates = {
  "owner-missing": 0.04,
  "owner-inactive": 0.05,
  "backup-owner-missing": 0.07,
  "go-live-readiness": 0.06,
  "rotation-overdue": 0.1,
  "review-overdue": 0.05,
  "secret-no-expiry": 0.07,
  "token-ttl-excessive": 0.05,
  "secret-unmanaged": 0.07,
  "secret-leaked": 0.015,
  "scope-admin": 0.06,
  "cross-trust-zone": 0.04,
  "shared-client": 0.04,
  "weak-grant-type": 0.03,
  "token-cache-persistent": 0.05,
  "third-party-unreviewed": 0.45,
} as const satisfies Partial<Record<DemoFlaw, number>>;

/** A flaw chosen up front per record; the others (multi-audience, secret-reused…) follow from these. */
export type RandomFlaw = keyof typeof flawRates;

/** Whether the record being built was chosen for a flaw. */
export type HasFlaw = (flaw: RandomFlaw) => boolean;

export const isRetired = (d: Draft) => d.app.catalog.retired === true;

const eligible: Record<RandomFlaw, (d: Draft) => boolean> = {
  "owner-missing": () => true,
  "owner-inactive": () => true,
  "backup-owner-missing": (d) => d.app.env === "production",
  "go-live-readiness": (d) => d.app.env === "production",
  "rotation-overdue": () => true,
  "review-overdue": (d) => d.app.catalog.thirdParty !== true,
  "secret-no-expiry": () => true,
  "token-ttl-excessive": (d) => d.kind === "oauth_client",
  "secret-unmanaged": () => true,
  "secret-leaked": (d) => !isRetired(d),
  "scope-admin": (d) => d.api !== null && d.api.scopes.some((s) => s.privilege === "admin" || s.name === "all"),
  "cross-trust-zone": (d) => d.api !== null && !isRetired(d),
  "shared-client": (d) => d.kind === "oauth_client" && !isRetired(d),
  "weak-grant-type": (d) => d.kind === "oauth_client",
  "token-cache-persistent": (d) => d.kind === "oauth_client",
  "third-party-unreviewed": (d) => d.app.catalog.thirdParty === true,
};

/**
 * Which records carry which flaw, and which healthy records sit in a quiet lifecycle state (a few cleanly
 * decommissioned and suspended ones). Draft 0, the OneSpan record, is never chosen: it is specified exactly.
 */
export function stageFlaws(drafts: Draft[], rng: Prng) {
  const chosen = new Map<RandomFlaw, Set<number>>();
  const indices = drafts.map((_d, i) => i).slice(1);
  for (const flaw of Object.keys(flawRates) as RandomFlaw[]) {
    const pool = indices.filter((i) => eligible[flaw](drafts[i] as Draft));
    const base = flaw === "third-party-unreviewed" ? pool.length : drafts.length;
    const count = Math.min(pool.length, Math.max(pool.length > 0 ? 1 : 0, Math.round(base * flawRates[flaw])));
    chosen.set(flaw, new Set(rng.shuffle(pool).slice(0, count)));
  }
  const has = (flaw: RandomFlaw, i: number) => chosen.get(flaw)?.has(i) === true;
  const anyFlaw = (i: number) => [...chosen.values()].some((set) => set.has(i));
  const quiet = rng.shuffle(indices.filter((i) => !anyFlaw(i) && !isRetired(drafts[i] as Draft)));
  const decommissioned = new Set(quiet.slice(0, Math.round(drafts.length * 0.03)));
  const suspended = new Set(quiet.slice(decommissioned.size, decommissioned.size + Math.round(drafts.length * 0.02)));
  return { has, decommissioned, suspended };
}
