"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { Textarea } from "@/components/inventory/fields";
import { ApiScopesField } from "@/components/inventory/grants-editor";
import { invalidates, queryKeys } from "@/components/query-keys";
import { describedBy, Field, FormMessage, Input, Select } from "@/components/ui/form";
import { useApiForm } from "@/components/use-api-form";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";

const SHOWN = 50;

/**
 * Request access (DESIGN §4.5): an API, its scopes and why, sent to POST /credentials/{id}/grants.
 * Another team's API becomes a request that team decides (pending, not access); one's own team's or
 * an unowned API is approved at once. The API list is searched on the server, so it scales.
 */
export function RequestAccessForm({ credentialId }: { credentialId: string }) {
  const [q, setQ] = useState("");
  const [apiId, setApiId] = useState("");
  const [scopeIds, setScopeIds] = useState<string[]>([]);
  const [justification, setJustification] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const apis = useQuery({
    queryKey: [...queryKeys.apis.all, "search", q],
    queryFn: ({ signal }) => apiCall(routes.listApis, { query: { q: q.trim() || undefined, limit: SHOWN }, signal }),
  });
  const request = useApiForm(routes.requestGrant, {
    params: { id: credentialId },
    invalidates: invalidates.credentials,
    onSuccess: (r) => {
      setSent(r.status === "requested" ? "Requested: pending the API team's approval (not access yet)." : "Approved: the API is your team's own or unowned.");
      setApiId("");
      setScopeIds([]);
      setJustification("");
    },
  });
  const f = request.fields;
  const items = apis.data?.items ?? [];
  const apiName = items.find((a) => a.id === apiId)?.name ?? "the API";
  return (
    <section aria-labelledby="request-access-title" className="space-y-3 rounded-md border border-slate-200 p-4">
      <h2 id="request-access-title" className="text-base font-semibold text-slate-900">
        Request access
      </h2>
      <ApiFormFrame
        form={request}
        label="Request access to an API"
        className="space-y-3"
        submitLabel="Request access"
        pendingLabel="Requesting…"
        submitSize="sm"
        onSubmit={() => {
          setSent(null);
          request.submit({ apiId, scopeIds, justification: justification.trim() || undefined });
        }}
      >
        {sent ? <FormMessage kind="success">{sent}</FormMessage> : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="request-api-search" label="Find an API" hint="Name or audience">
            <Input id="request-api-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
          </Field>
          <Field id="apiId" label="API" error={f.apiId}>
            <Select
              id="apiId"
              value={apiId}
              onChange={(e) => {
                setApiId(e.target.value);
                setScopeIds([]);
              }}
              aria-busy={apis.isFetching}
              {...describedBy("apiId", f.apiId)}
            >
              <option value="">{apis.isPending ? "Loading APIs…" : items.length === 0 ? "No API matches" : "— Choose an API —"}</option>
              {items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} — {a.audience}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {apis.isError ? <p className="text-sm text-red-700">Could not load the APIs.</p> : null}
        {apiId ? <ApiScopesField idPrefix="request" apiId={apiId} legend={`Scopes of ${apiName}`} selected={scopeIds} onChange={setScopeIds} error={f.scopeIds} /> : null}
        <Field id="request-justification" label="Justification" error={f.justification} hint="Why this credential needs this API and these scopes: the API's team decides on it.">
          <Textarea id="request-justification" rows={2} value={justification} onChange={(e) => setJustification(e.target.value)} {...describedBy("request-justification", f.justification)} />
        </Field>
      </ApiFormFrame>
    </section>
  );
}
