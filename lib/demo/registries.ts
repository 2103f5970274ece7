import { catalogApis, catalogApps, catalogServers } from "./catalog";
import type { DemoApplication } from "./types";
import type { AppRecord } from "./records";

/** The demo organisation's authorization servers, APIs and applications (one per catalog app and environment), straight from the catalog. */
export function demoRegistries() {
  const servers = catalogServers.map(({ clientIdStyle: _style, ...s }) => ({ ...s }));
  const apis = catalogApis.map((api) => ({
    key: api.key,
    name: api.name,
    audience: api.audience,
    trustZone: api.trustZone,
    sensitivity: api.sensitivity,
    owningTeamKey: api.team,
    scopes: api.scopes.map((s) => ({ ...s })),
  }));
  const appRecords: AppRecord[] = catalogApps.flatMap((app) =>
    app.envs.map((env) => ({ catalog: app, env, key: `${app.key}-${env}`, name: env === "production" ? app.name : `${app.name} (${env})` })),
  );
  const appByKey = new Map(appRecords.map((r) => [r.key, r]));
  const applications: DemoApplication[] = appRecords.map((r) => ({
    key: r.key,
    name: r.name,
    owningTeamKey: r.catalog.team,
    environment: r.env,
    trustZone: r.catalog.trustZone,
    thirdParty: r.catalog.thirdParty === true,
    autonomous: r.catalog.autonomous === true,
    status: r.catalog.retired === true ? "retired" : "active",
  }));
  return { servers, apis, appRecords, appByKey, applications };
}
