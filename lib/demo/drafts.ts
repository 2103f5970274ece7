import { extraComponents } from "./catalog";
import type { Prng } from "./prng";
import { apiByKey, mustGet, type AppRecord, type Draft } from "./records";

/**
 * What each credential is for: the OneSpan record first (specified exactly), one OAuth client per API an
 * application calls, then extra components (API keys, certificates, tokens…) drawn until `target` is reached.
 */
export function draftCredentials(appRecords: AppRecord[], rng: Prng, target: number): Draft[] {
  const onespanApp = appRecords.find((r) => r.key === "crm-signing-production");
  if (!onespanApp) throw new Error("demo catalog: the CRM signing integration is missing");
  const drafts: Draft[] = [{ app: onespanApp, api: mustGet(apiByKey, "signing-api"), component: null, kind: "oauth_client" }];
  for (const app of appRecords) {
    for (const apiKey of app.catalog.calls) {
      if (app === onespanApp && apiKey === "signing-api") continue;
      drafts.push({ app, api: mustGet(apiByKey, apiKey), component: null, kind: "oauth_client" });
    }
  }
  const extras = rng.shuffle(appRecords.flatMap((app) => extraComponents.map((component) => ({ app, component }))));
  for (const { app, component } of extras) {
    if (drafts.length >= target) break;
    const api = component.kind === "personal_access_token" ? null : mustGet(apiByKey, rng.pick(app.catalog.calls));
    drafts.push({ app, api, component, kind: component.kind });
  }
  drafts.length = Math.min(drafts.length, target);
  return drafts;
}
