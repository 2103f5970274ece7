"use client";

import { Link } from "@/components/ui/link";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { useRecordForm } from "@/components/use-api-form";
import { clientAuthMethods, credentialKinds, credentialStatuses, environments, grantTypes, tokenCaches, triStates } from "@/lib/domain/vocabulary/inventory";
import { EnumSelect, GroupError, Grid, OptionSelect, Section, Textarea } from "./fields";
import { GrantsEditor, type GrantDraft } from "./grants-editor";
import { authMethodLabels, dateInputValue, environmentLabels, grantTypeLabels, kindLabels, statusLabels, tokenCacheLabels, triStateLabels } from "./labels";
import type { Option, PersonOption, Scope } from "./types";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

const GOVERNED_BY_SECURITY = "Only security or an admin may override the policy or cadence.";

/** Decommissioning is a lifecycle action with a reason and a confirmation (DESIGN §4.4), not a status to pick. */
const editableStatuses = credentialStatuses.filter((s) => s !== "decommissioned");

export type CredentialFormValues = {
  id: string;
  key: string;
  kind: string;
  name: string;
  description: string | null;
  environment: string;
  status: string;
  clientId: string | null;
  authorizationServerId: string | null;
  /** The credential's own token endpoint (not the server's default). */
  tokenEndpoint: string | null;
  grantTypes: string[];
  clientAuthMethod: string | null;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  applicationIds: string[];
  ownerId: string | null;
  backupOwnerId: string | null;
  owningTeamId: string | null;
  identityGovernanceTeamId: string | null;
  platformTeamId: string | null;
  rotationOwnerId: string | null;
  revocationOwnerId: string | null;
  breakGlassProcedure: string | null;
  sdkName: string | null;
  sdkVersion: string | null;
  sdkOwnerId: string | null;
  tokenCache: string;
  tokenPersistence: string | null;
  logsRedactTokens: string;
  reviewCadenceDays: number | null;
  lastReviewedAt: string | null;
  rotationPolicyId: string | null;
  grants: { apiId: string; scopeIds: string[]; justification: string | null }[];
};

export type CredentialFormOptions = {
  /** Teams the actor may make the owning team (members: their own teams). */
  owningTeams: Option[];
  teams: Option[];
  people: PersonOption[];
  servers: (Option & { tokenEndpoint: string | null })[];
  applications: (Option & { environment: string; trustZone: string })[];
  apis: Option[];
  policies: Option[];
  /**
   * What the actor may do with the policy and cadence overrides (issue 12; the server checks the
   * same rule): none (members: shown read-only, never sent), tighten (admins), any (security).
   */
  governance: "none" | "tighten" | "any";
};

const text = (data: FormData, name: string): string | null => {
  const v = data.get(name);
  return typeof v === "string" && v.trim() !== "" ? v : null;
};

/** Numbers travel as numbers; blank is null; anything else is sent as typed so the server names the field. */
const num = (data: FormData, name: string): number | string | null => {
  const v = text(data, name);
  if (v === null) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : v;
};

const strings = (data: FormData, name: string) => data.getAll(name).filter((v): v is string => typeof v === "string");

const normalGrants = (grants: readonly { apiId: string; scopeIds: readonly string[]; justification: string | null }[]) =>
  grants.map((g) => ({ apiId: g.apiId, scopeIds: [...g.scopeIds].sort(), justification: g.justification?.trim() ? g.justification.trim() : null }));

/** What a new credential starts with when opened from elsewhere (Unknown clients → Register, DESIGN §5.4). */
export type CredentialPrefill = { clientId?: string | undefined; authorizationServerId?: string | undefined };

/** One form for every field of DESIGN §3.3; POST to create, PATCH to edit. */
export function CredentialForm({
  credential,
  options,
  initialScopes,
  prefill,
}: {
  credential?: CredentialFormValues;
  options: CredentialFormOptions;
  initialScopes: Record<string, Scope[]>;
  prefill?: CredentialPrefill;
}) {
  const [grants, setGrants] = useState<GrantDraft[]>(() =>
    (credential?.grants ?? []).map((g, i) => ({ rowKey: `initial-${String(i)}`, apiId: g.apiId, scopeIds: g.scopeIds, justification: g.justification ?? "" })),
  );
  const prefilledServer = options.servers.some((o) => o.id === prefill?.authorizationServerId) ? prefill?.authorizationServerId : undefined;
  const [serverId, setServerId] = useState(credential?.authorizationServerId ?? prefilledServer ?? "");
  const [appFilter, setAppFilter] = useState("");
  const errorBox = useRef<HTMLDivElement>(null);
  const form = useRecordForm({ create: routes.createCredential, update: routes.updateCredential, pagePath: "/inventory", id: credential?.id, invalidates: invalidates.credentials, openAfterEdit: true });
  const f = form.fields;

  // After a rejected save, bring the first problem into view.
  useEffect(() => {
    if (!form.formError) return;
    const invalid = document.querySelector<HTMLElement>("[aria-invalid=true]");
    if (invalid) invalid.focus();
    else errorBox.current?.scrollIntoView({ block: "center" });
  }, [form.formError, form.fields]);

  const server = options.servers.find((s) => s.id === serverId);
  const onSubmit = (data: FormData) => {
    const draftGrants = grants.map((g) => ({ apiId: g.apiId, scopeIds: g.scopeIds, justification: g.justification.trim() === "" ? null : g.justification }));
    const grantsChanged = !credential || JSON.stringify(normalGrants(draftGrants)) !== JSON.stringify(normalGrants(credential.grants));
    const key = text(data, "key");
    const body = {
      ...(key !== null ? { key: key.trim() } : {}),
      kind: data.get("kind"),
      name: data.get("name") ?? "",
      description: text(data, "description"),
      environment: data.get("environment"),
      status: data.get("status"),
      clientId: text(data, "clientId"),
      authorizationServerId: text(data, "authorizationServerId"),
      tokenEndpoint: text(data, "tokenEndpoint"),
      grantTypes: strings(data, "grantTypes"),
      clientAuthMethod: text(data, "clientAuthMethod"),
      accessTokenTtlSeconds: num(data, "accessTokenTtlSeconds"),
      refreshTokenTtlSeconds: num(data, "refreshTokenTtlSeconds"),
      applicationIds: strings(data, "applicationIds"),
      ownerId: text(data, "ownerId"),
      backupOwnerId: text(data, "backupOwnerId"),
      owningTeamId: text(data, "owningTeamId"),
      identityGovernanceTeamId: text(data, "identityGovernanceTeamId"),
      platformTeamId: text(data, "platformTeamId"),
      rotationOwnerId: text(data, "rotationOwnerId"),
      revocationOwnerId: text(data, "revocationOwnerId"),
      breakGlassProcedure: text(data, "breakGlassProcedure"),
      sdkName: text(data, "sdkName"),
      sdkVersion: text(data, "sdkVersion"),
      sdkOwnerId: text(data, "sdkOwnerId"),
      tokenCache: data.get("tokenCache"),
      tokenPersistence: text(data, "tokenPersistence"),
      logsRedactTokens: data.get("logsRedactTokens"),
      ...(options.governance !== "none" ? { reviewCadenceDays: num(data, "reviewCadenceDays"), rotationPolicyId: text(data, "rotationPolicyId") } : {}),
      // Unchanged grants are left out of an edit so saving other fields does not rewrite them.
      ...(grantsChanged ? { grants: draftGrants } : {}),
    };
    form.submit(body);
  };

  const appNeedle = appFilter.trim().toLowerCase();
  const chosenApps = new Set(credential?.applicationIds ?? []);
  const cancelHref = credential ? `/inventory/${credential.id}` : "/inventory";

  return (
    <form
      className="space-y-6"
      noValidate
      aria-label={credential ? `Edit ${credential.name}` : "New credential"}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(new FormData(e.currentTarget));
      }}
    >
      <div ref={errorBox}>{form.formError ? <FormMessage>{form.formError}</FormMessage> : null}</div>

      <Section title="Identity" description="What the credential is and where it is used.">
        <Grid>
          <Field id="name" label="Name" error={f.name}>
            <Input id="name" name="name" defaultValue={credential?.name} placeholder="OneSpan Sign — CRM signing integration" required {...describedBy("name", f.name)} />
          </Field>
          <Field id="key" label="Key" error={f.key} hint={credential ? "The natural key used by import and export." : "Optional: derived from the name and environment when blank."}>
            <Input id="key" name="key" defaultValue={credential?.key} placeholder="onespan-crm-signing-production" autoComplete="off" spellCheck={false} {...describedBy("key", f.key)} />
          </Field>
          <EnumSelect id="kind" label="Kind" values={credentialKinds} labels={kindLabels} defaultValue={credential?.kind ?? "oauth_client"} error={f.kind} />
          <EnumSelect id="environment" label="Environment" values={environments} labels={environmentLabels} defaultValue={credential?.environment ?? "production"} error={f.environment} />
          <EnumSelect id="status" label="Status" values={editableStatuses} labels={statusLabels} defaultValue={credential?.status ?? "active"} error={f.status} />
        </Grid>
        <Field id="description" label="Description" error={f.description}>
          <Textarea id="description" name="description" rows={3} defaultValue={credential?.description ?? ""} {...describedBy("description", f.description)} />
        </Field>
      </Section>

      <Section title="OAuth" description="For OAuth clients: where the client gets its tokens and how it authenticates.">
        <Grid>
          <Field id="clientId" label="Client id" error={f.clientId}>
            <Input id="clientId" name="clientId" defaultValue={credential?.clientId ?? prefill?.clientId ?? ""} autoComplete="off" spellCheck={false} className="font-mono" {...describedBy("clientId", f.clientId)} />
          </Field>
          <OptionSelect id="authorizationServerId" label="Authorization server" options={options.servers} defaultValue={credential?.authorizationServerId ?? prefilledServer} error={f.authorizationServerId} onChange={setServerId} />
          <Field id="tokenEndpoint" label="Token endpoint" error={f.tokenEndpoint} hint={server?.tokenEndpoint ? "Blank: the server's endpoint, shown greyed in the field." : "Blank: the authorization server's token endpoint."}>
            <Input id="tokenEndpoint" name="tokenEndpoint" type="url" defaultValue={credential?.tokenEndpoint ?? ""} placeholder={server?.tokenEndpoint ?? "https://…/oauth2/token"} {...describedBy("tokenEndpoint", f.tokenEndpoint)} />
          </Field>
          <EnumSelect id="clientAuthMethod" label="Client authentication method" values={clientAuthMethods} labels={authMethodLabels} defaultValue={credential?.clientAuthMethod} error={f.clientAuthMethod} noneLabel="— Not set —" />
          <Field id="accessTokenTtlSeconds" label="Access-token TTL (seconds)" error={f.accessTokenTtlSeconds} hint="e.g. 299 for OneSpan Sign client-credentials tokens.">
            <Input id="accessTokenTtlSeconds" name="accessTokenTtlSeconds" type="number" inputMode="numeric" min={1} step={1} defaultValue={credential?.accessTokenTtlSeconds ?? ""} {...describedBy("accessTokenTtlSeconds", f.accessTokenTtlSeconds)} />
          </Field>
          <Field id="refreshTokenTtlSeconds" label="Refresh-token TTL (seconds)" error={f.refreshTokenTtlSeconds}>
            <Input id="refreshTokenTtlSeconds" name="refreshTokenTtlSeconds" type="number" inputMode="numeric" min={1} step={1} defaultValue={credential?.refreshTokenTtlSeconds ?? ""} {...describedBy("refreshTokenTtlSeconds", f.refreshTokenTtlSeconds)} />
          </Field>
        </Grid>
        <fieldset className="min-w-0 space-y-2" aria-describedby={f.grantTypes ? "grantTypes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Grant types</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {grantTypes.map((g) => (
              <label key={g} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="grantTypes" value={g} defaultChecked={credential?.grantTypes.includes(g)} className="mt-1" />
                <span>
                  {grantTypeLabels[g]}
                  {g.startsWith("urn:") ? <span className="block break-all font-mono text-xs text-slate-500">{g}</span> : null}
                </span>
              </label>
            ))}
          </div>
          <GroupError id="grantTypes" error={f.grantTypes} />
        </fieldset>
      </Section>

      <Section title="Applications" description="The workloads and integrations that use this credential.">
        {options.applications.length === 0 ? (
          <p className="text-sm text-slate-500">No applications are registered yet.</p>
        ) : (
          <fieldset className="min-w-0 space-y-2" aria-describedby={f.applicationIds ? "applicationIds-error" : undefined}>
            <legend className="sr-only">Applications using this credential</legend>
            {options.applications.length > 8 ? (
              <div>
                <label htmlFor="app-filter" className="sr-only">
                  Filter applications
                </label>
                <Input id="app-filter" type="search" placeholder="Filter applications" value={appFilter} onChange={(e) => setAppFilter(e.target.value)} />
              </div>
            ) : null}
            <ul className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
              {options.applications.map((a) => (
                // Filtered-out rows stay in the form (hidden) so their checked state is still submitted.
                <li key={a.id} hidden={appNeedle !== "" && !a.name.toLowerCase().includes(appNeedle)}>
                  <label className="flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                    <input type="checkbox" name="applicationIds" value={a.id} defaultChecked={chosenApps.has(a.id)} className="mt-1" />
                    <span>
                      {a.name}
                      <span className="block text-xs text-slate-500">
                        {labelEnv(a.environment)} · zone {a.trustZone}
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            <GroupError id="applicationIds" error={f.applicationIds} />
          </fieldset>
        )}
      </Section>

      <Section title="Accountability" description="Assign owners before go-live: who rotates, who revokes, who is called when it breaks.">
        <Grid>
          <OptionSelect id="ownerId" label="Owner" options={options.people} defaultValue={credential?.ownerId} error={f.ownerId} />
          <OptionSelect id="backupOwnerId" label="Backup owner" options={options.people} defaultValue={credential?.backupOwnerId} error={f.backupOwnerId} />
          <OptionSelect id="owningTeamId" label="Owning team (application team)" options={options.owningTeams} defaultValue={credential?.owningTeamId} error={f.owningTeamId} />
          <OptionSelect id="identityGovernanceTeamId" label="Identity-governance team" options={options.teams} defaultValue={credential?.identityGovernanceTeamId} error={f.identityGovernanceTeamId} />
          <OptionSelect id="platformTeamId" label="Platform team" options={options.teams} defaultValue={credential?.platformTeamId} error={f.platformTeamId} />
          <OptionSelect id="rotationOwnerId" label="Rotation owner" options={options.people} defaultValue={credential?.rotationOwnerId} error={f.rotationOwnerId} noneLabel="— Same as the owner —" />
          <OptionSelect id="revocationOwnerId" label="Revocation owner" options={options.people} defaultValue={credential?.revocationOwnerId} error={f.revocationOwnerId} noneLabel="— Same as the owner —" />
        </Grid>
        <Field id="breakGlassProcedure" label="Break-glass procedure" error={f.breakGlassProcedure} hint="Text or a link to the runbook.">
          <Textarea id="breakGlassProcedure" name="breakGlassProcedure" rows={2} defaultValue={credential?.breakGlassProcedure ?? ""} {...describedBy("breakGlassProcedure", f.breakGlassProcedure)} />
        </Field>
      </Section>

      <Section title="SDK" description="The library that caches this credential's tokens: review caching before production.">
        <Grid>
          <Field id="sdkName" label="SDK or library" error={f.sdkName}>
            <Input id="sdkName" name="sdkName" defaultValue={credential?.sdkName ?? ""} placeholder="OneSpan Sign Java SDK" {...describedBy("sdkName", f.sdkName)} />
          </Field>
          <Field id="sdkVersion" label="SDK version" error={f.sdkVersion}>
            <Input id="sdkVersion" name="sdkVersion" defaultValue={credential?.sdkVersion ?? ""} {...describedBy("sdkVersion", f.sdkVersion)} />
          </Field>
          <OptionSelect id="sdkOwnerId" label="SDK owner" options={options.people} defaultValue={credential?.sdkOwnerId} error={f.sdkOwnerId} />
          <EnumSelect id="tokenCache" label="Token cache" values={tokenCaches} labels={tokenCacheLabels} defaultValue={credential?.tokenCache ?? "unknown"} error={f.tokenCache} />
          <Field id="tokenPersistence" label="Where tokens persist" error={f.tokenPersistence}>
            <Input id="tokenPersistence" name="tokenPersistence" defaultValue={credential?.tokenPersistence ?? ""} placeholder="JVM heap of the signing worker" {...describedBy("tokenPersistence", f.tokenPersistence)} />
          </Field>
          <EnumSelect id="logsRedactTokens" label="Logs and crash dumps redact tokens" values={triStates} labels={triStateLabels} defaultValue={credential?.logsRedactTokens ?? "unknown"} error={f.logsRedactTokens} />
        </Grid>
      </Section>

      <Section title="Review and policy" description="Due dates come from the matching rotation policy unless overridden here.">
        <Grid>
          {options.governance === "none" ? (
            <>
              <Field id="reviewCadenceDays" label="Review cadence override (days)" hint={GOVERNED_BY_SECURITY}>
                <Input id="reviewCadenceDays" type="text" readOnly defaultValue={credential?.reviewCadenceDays ?? "None: the policy's cadence"} className="bg-slate-50" aria-describedby="reviewCadenceDays-hint" />
              </Field>
              <Field id="rotationPolicyId" label="Rotation policy" hint={GOVERNED_BY_SECURITY}>
                <Input id="rotationPolicyId" type="text" readOnly defaultValue={options.policies.find((p) => p.id === credential?.rotationPolicyId)?.name ?? "Matched automatically"} className="bg-slate-50" aria-describedby="rotationPolicyId-hint" />
              </Field>
            </>
          ) : (
            <Field id="reviewCadenceDays" label="Review cadence override (days)" error={f.reviewCadenceDays} hint={options.governance === "tighten" ? "Blank: the policy's cadence. At most the matched policy's cadence." : "Blank: the policy's cadence."}>
              <Input id="reviewCadenceDays" name="reviewCadenceDays" type="number" inputMode="numeric" min={1} max={3650} step={1} defaultValue={credential?.reviewCadenceDays ?? ""} {...describedBy("reviewCadenceDays", f.reviewCadenceDays)} />
            </Field>
          )}
          {/* Server-owned: only a recorded review (Lifecycle tab) sets it, so it is shown, never edited. */}
          {credential ? (
            <Field id="lastReviewedAt" label="Last reviewed on (UTC)" hint="Set by recording a review on the Lifecycle tab.">
              <Input id="lastReviewedAt" type="date" readOnly defaultValue={dateInputValue(credential.lastReviewedAt)} className="bg-slate-50" aria-describedby="lastReviewedAt-hint" />
            </Field>
          ) : null}
          {options.governance === "none" ? null : (
            <OptionSelect id="rotationPolicyId" label="Rotation policy" options={options.policies} defaultValue={credential?.rotationPolicyId} error={f.rotationPolicyId} noneLabel="— Match automatically —" />
          )}
        </Grid>
      </Section>

      <Section title="Grants" description="Narrowest audience and scope: grant each API only the scopes the job needs, and say why.">
        <GrantsEditor value={grants} onChange={setGrants} apis={options.apis} initialScopes={initialScopes} fields={f} />
      </Section>

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={form.isPending} pendingLabel="Saving…">
          {credential ? "Save changes" : "Create credential"}
        </SubmitButton>
        <Button variant="ghost" asChild>
          <Link href={cancelHref}>Cancel</Link>
        </Button>
      </div>
    </form>
  );
}

function labelEnv(env: string) {
  return env in environmentLabels ? environmentLabels[env as keyof typeof environmentLabels] : env;
}
