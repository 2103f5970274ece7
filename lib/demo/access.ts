import { catalogApis } from "./catalog";
import type { HasFlaw } from "./flaws";
import type { Prng } from "./prng";
import type { DemoFlaw, DemoGrant } from "./types";
import type { AppRecord, Draft } from "./records";

/** Grants: the scopes the job needs; the scope-admin and cross-trust-zone flaws widen them. */
export function stageGrants(draft: Draft, rng: Prng, has: HasFlaw, flaws: Set<DemoFlaw>): DemoGrant[] {
  const { app, api } = draft;
  const grants: DemoGrant[] = [];
  if (!api) return grants;
  const reads = api.scopes.filter((s) => s.privilege === "read");
  const writes = api.scopes.filter((s) => s.privilege === "write" && s.name !== "all");
  const picked = [...(reads.length ? [rng.pick(reads)] : []), ...(writes.length && (reads.length === 0 || rng.chance(0.5)) ? [rng.pick(writes)] : [])];
  if (has("scope-admin")) {
    const admin = api.scopes.find((s) => s.privilege === "admin" || s.name === "all");
    if (admin) picked.push(admin);
    flaws.add("scope-admin");
  }
  const scopes = [...new Set(picked.map((s) => s.name))];
  grants.push({
    apiKey: api.key,
    scopes,
    justification: rng.chance(0.9) ? `${app.catalog.name}: ${picked.map((s) => s.description.toLowerCase()).join("; ")}` : null,
  });
  if (has("cross-trust-zone")) {
    const others = catalogApis.filter((a) => a.trustZone !== api.trustZone && a.trustZone !== app.catalog.trustZone);
    const other = rng.pick(others);
    const scope = other.scopes.find((s) => s.privilege === "read") ?? other.scopes[0];
    grants.push({
      apiKey: other.key,
      scopes: scope ? [scope.name] : [],
      justification: rng.pick(["Added during incident INC-4821 and never removed", "Reuse the existing client instead of registering a new one", null]),
    });
    flaws.add("cross-trust-zone");
    flaws.add("multi-audience");
  }
  return grants;
}

/** Applications: one workload per client; a shared client (the shared-client flaw) serves several. */
export function stageApplications(app: AppRecord, appRecords: AppRecord[], rng: Prng, has: HasFlaw, flaws: Set<DemoFlaw>): string[] {
  const applicationKeys = [app.key];
  if (has("shared-client")) {
    const sibling = appRecords.find((r) => r.catalog === app.catalog && r.env !== app.env);
    const teammate = appRecords.find((r) => r.catalog.team === app.catalog.team && r.catalog !== app.catalog && r.catalog.retired !== true && r.env === app.env);
    const other = sibling && rng.chance(0.6) ? sibling : (teammate ?? sibling ?? rng.pick(appRecords.filter((r) => r !== app && r.catalog.retired !== true)));
    applicationKeys.push(other.key);
    flaws.add("shared-client");
    if ((other.env === "production") !== (app.env === "production")) flaws.add("cross-environment");
    if (other.catalog.trustZone !== app.catalog.trustZone) flaws.add("cross-trust-zone");
  }
  return applicationKeys;
}
