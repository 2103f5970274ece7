import type { Prng } from "./prng";
import type { DemoCredential } from "./types";
import { ONESPAN_CREDENTIAL_KEY } from "./onespan";

/** How many credentials share a secret value with another (in pairs). */
const REUSED_PAIRS_PER_100 = 2;

/** Pairs of credentials that share one secret value: prefer the same client in another environment (copied from staging to production). */
export function stageReuse(credentials: DemoCredential[], rng: Prng): void {
  const current = (c: DemoCredential) => c.secrets.find((s) => s.status === "active");
  const candidates = rng.shuffle(credentials.filter((c) => c.status === "active" && c.key !== ONESPAN_CREDENTIAL_KEY && current(c)));
  const pairs = Math.max(1, Math.round((credentials.length * REUSED_PAIRS_PER_100) / 100));
  const taken = new Set<string>();
  let made = 0;
  for (const a of candidates) {
    if (made >= pairs) break;
    if (taken.has(a.key)) continue;
    const baseName = a.name;
    const free = candidates.filter((c) => c !== a && !taken.has(c.key));
    const b = free.find((c) => c.name === baseName && c.environment !== a.environment) ?? free.find((c) => c.owningTeamKey === a.owningTeamKey);
    if (!b) continue;
    const sa = current(a);
    const sb = current(b);
    if (!sa || !sb) continue;
    const group = `reused-${made + 1}`;
    sa.fingerprintGroup = group;
    sb.fingerprintGroup = group;
    for (const c of [a, b]) {
      c.flaws.push("secret-reused");
      if ((a.environment === "production") !== (b.environment === "production")) c.flaws.push("cross-environment");
      taken.add(c.key);
    }
    made++;
  }
}
