import type { CredentialKind, Environment } from "@/lib/domain/policies";
import { catalogApis, catalogServers, extraComponents, ORG_DOMAIN, type CatalogApi, type CatalogApp } from "./catalog";
import type { Prng } from "./prng";

/** What the demo generator's parts share: the draft of a credential, catalog lookups and small helpers. */
export const DAY_MS = 86_400_000;

export type AppRecord = { catalog: CatalogApp; env: Environment; key: string; name: string };
export type Draft = { app: AppRecord; api: CatalogApi | null; component: (typeof extraComponents)[number] | null; kind: CredentialKind };

export const byKey = <T extends { key: string }>(items: readonly T[]) => new Map(items.map((i) => [i.key, i]));
export const apiByKey = byKey(catalogApis);
export const serverByKey = byKey(catalogServers);

export function mustGet<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo catalog: unknown reference ${String(key)}`);
  return value;
}

export function emailOf(first: string, last: string): string {
  return `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `@${ORG_DOMAIN}`;
}

export function fakeUuid(rng: Prng): string {
  const h = (n: number) => rng.chars(n, "0123456789abcdef");
  return `${h(8)}-${h(4)}-4${h(3)}-${rng.pick(["8", "9", "a", "b"])}${h(3)}-${h(12)}`;
}

export const envShort: Record<Environment, string> = { production: "prod", staging: "stg", development: "dev", test: "test" };

export function describeCredential(draft: Draft, app: AppRecord, api: CatalogApi | null): string {
  const where = `${app.catalog.name}${app.env === "production" ? "" : ` (${app.env})`}`;
  if (!draft.component) return `OAuth client ${where} uses to call the ${api?.name ?? "API"}.`;
  switch (draft.component.kind) {
    case "oauth_client":
      return `Separate OAuth client for the ${draft.component.label} of ${where}, calling the ${api?.name ?? "API"}.`;
    case "api_key":
      return `API key (${draft.component.label}) used by ${where} with the ${api?.name ?? "API"}.`;
    case "service_account_key":
      return `Service account key (${draft.component.label}) of ${where}.`;
    case "certificate":
      return `mTLS client certificate ${where} presents to the ${api?.name ?? "API"}.`;
    case "personal_access_token":
      return `Fine-grained GitHub token the release bot of ${where} uses to tag releases.`;
  }
}

/** Dates relative to the generator's `now`, in (possibly fractional) days. */
export type DayClock = { ago: (days: number) => Date; plus: (d: Date, days: number) => Date };

export function dayClock(now: Date): DayClock {
  return {
    ago: (days) => new Date(now.getTime() - Math.round(days * DAY_MS)),
    plus: (d, days) => new Date(d.getTime() + Math.round(days * DAY_MS)),
  };
}
