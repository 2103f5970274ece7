"use client";

import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useState } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { Button } from "@/components/ui/button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/form";
import { useRecordForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";
import type { ServerFull } from "@/lib/inventory-file/full";
import { ApiError, apiCall } from "@/lib/api/client";
import { clientAuthMethods, grantTypes } from "@/lib/domain/vocabulary/inventory";
import { aria, errorsUnder, optionalKey, text } from "@/components/form-data";
import { ValueChecklist } from "./value-checklist";

/** The fields the form edits are the server's fields in the inventory file, plus its id. */
export type ServerRecord = ServerFull & { id: string };

const discoveryError = (error: Error): string[] => {
  if (error instanceof ApiError) return error.fields.issuerUrl ?? [error.message];
  return ["Could not reach Steward. Check your connection and try again."];
};

/**
 * Create or edit an authorization server. "Fill from issuer" asks Steward to fetch the issuer's
 * RFC 8414 / OpenID discovery document (DESIGN §8.5) and fills the endpoint fields; nothing is
 * saved until the form is submitted.
 */
export function ServerForm({ server }: { server?: ServerRecord }) {
  const [issuerUrl, setIssuerUrl] = useState(server?.issuerUrl ?? "");
  const [tokenEndpoint, setTokenEndpoint] = useState(server?.tokenEndpoint ?? "");
  const [jwksUri, setJwksUri] = useState(server?.jwksUri ?? "");
  const [discoveryUrl, setDiscoveryUrl] = useState(server?.discoveryUrl ?? "");
  const [authMethods, setAuthMethods] = useState<string[]>(server?.supportedAuthMethods ?? []);
  const [grants, setGrants] = useState<string[]>(server?.supportedGrantTypes ?? []);

  const form = useRecordForm({ create: routes.createServer, update: routes.updateServer, pagePath: "/servers", id: server?.id, invalidates: invalidates.credentials, openAfterEdit: true });

  const discover = useMutation({
    mutationFn: (url: string) => apiCall(routes.discoverServer, { body: { issuerUrl: url } }),
    onSuccess: (doc) => {
      setIssuerUrl(doc.issuer);
      setTokenEndpoint(doc.tokenEndpoint ?? "");
      setJwksUri(doc.jwksUri ?? "");
      setDiscoveryUrl(doc.discoveryUrl);
      setAuthMethods(doc.supportedAuthMethods);
      setGrants(doc.supportedGrantTypes);
    },
  });

  const issuerError = discover.error ? discoveryError(discover.error) : form.fields.issuerUrl;
  const fill = () => {
    form.reset();
    discover.mutate(issuerUrl.trim());
  };

  return (
    <ApiFormFrame
      form={form}
      showSaved={Boolean(server)}
      submitLabel={server ? "Save changes" : "Create"}
      className="max-w-2xl space-y-5"
      onSubmit={(data) => {
        discover.reset();
        form.submit({
          name: text(data, "name"),
          key: optionalKey(data),
          issuerUrl,
          tokenEndpoint,
          jwksUri,
          discoveryUrl,
          trustDomain: text(data, "trustDomain"),
          vendor: text(data, "vendor"),
          supportedAuthMethods: authMethods,
          supportedGrantTypes: grants,
        });
      }}
    >
      <Field id="name" label="Name" error={form.fields.name}>
        <Input id="name" name="name" defaultValue={server?.name} required {...describedBy("name", form.fields.name)} />
      </Field>
      <Field
        id="key"
        label="Key (optional)"
        error={form.fields.key}
        hint={server ? "The natural key inventory files use to refer to this server." : "Defaults to a slug of the name, e.g. “corporate-okta”."}
      >
        <Input id="key" name="key" defaultValue={server?.key} autoComplete="off" {...aria("key", form.fields.key, true)} />
      </Field>

      <div className="space-y-1">
        <label htmlFor="issuerUrl" className="block text-sm font-medium text-slate-700">
          Issuer URL
        </label>
        <div className="flex flex-wrap items-start gap-2">
          <Input
            id="issuerUrl"
            name="issuerUrl"
            type="url"
            inputMode="url"
            className="min-w-64 flex-1"
            placeholder="https://login.example.com"
            value={issuerUrl}
            onChange={(e) => setIssuerUrl(e.target.value)}
            required
            {...(issuerError ? { "aria-invalid": true, "aria-describedby": "issuerUrl-error" } : { "aria-describedby": "issuerUrl-hint" })}
          />
          <Button variant="secondary" onClick={fill} disabled={discover.isPending || issuerUrl.trim() === ""} aria-busy={discover.isPending}>
            {discover.isPending ? (
              <>
                <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" />
                Fetching metadata…
              </>
            ) : (
              "Fill from issuer"
            )}
          </Button>
        </div>
        {issuerError ? (
          <p id="issuerUrl-error" className="text-sm text-red-700" data-testid="error-issuerUrl">
            {issuerError.join("; ")}
          </p>
        ) : (
          <p id="issuerUrl-hint" className="text-xs text-slate-500">
            “Fill from issuer” reads /.well-known/oauth-authorization-server or /.well-known/openid-configuration and fills the fields below.
          </p>
        )}
      </div>
      {discover.isSuccess ? (
        <FormMessage kind="info">
          Filled from <span className="font-mono break-all">{discover.data.discoveryUrl}</span>. Review the values, then {server ? "save" : "create the server"}.
        </FormMessage>
      ) : null}

      <div aria-busy={discover.isPending} className="space-y-5">
        <Field id="tokenEndpoint" label="Token endpoint URL" error={form.fields.tokenEndpoint}>
          <Input id="tokenEndpoint" type="url" value={tokenEndpoint} onChange={(e) => setTokenEndpoint(e.target.value)} {...describedBy("tokenEndpoint", form.fields.tokenEndpoint)} />
        </Field>
        <Field id="jwksUri" label="JWKS URI" error={form.fields.jwksUri}>
          <Input id="jwksUri" type="url" value={jwksUri} onChange={(e) => setJwksUri(e.target.value)} {...describedBy("jwksUri", form.fields.jwksUri)} />
        </Field>
        <Field id="discoveryUrl" label="Discovery URL" error={form.fields.discoveryUrl}>
          <Input id="discoveryUrl" type="url" value={discoveryUrl} onChange={(e) => setDiscoveryUrl(e.target.value)} {...describedBy("discoveryUrl", form.fields.discoveryUrl)} />
        </Field>
        <ValueChecklist
          id="supportedAuthMethods"
          legend="Supported client authentication methods"
          hint="As the server advertises them (token_endpoint_auth_methods_supported)."
          known={clientAuthMethods}
          value={authMethods}
          onChange={setAuthMethods}
          error={errorsUnder(form.fields, "supportedAuthMethods")}
        />
        <ValueChecklist
          id="supportedGrantTypes"
          legend="Supported grant types"
          hint="As the server advertises them (grant_types_supported)."
          known={grantTypes}
          value={grants}
          onChange={setGrants}
          error={errorsUnder(form.fields, "supportedGrantTypes")}
        />
      </div>

      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="trustDomain" label="Trust domain" error={form.fields.trustDomain} hint="e.g. corp, partners, customers">
          <Input id="trustDomain" name="trustDomain" defaultValue={server?.trustDomain ?? ""} {...aria("trustDomain", form.fields.trustDomain, true)} />
        </Field>
        <Field id="vendor" label="Vendor" error={form.fields.vendor} hint="e.g. Okta, Microsoft Entra ID, Keycloak">
          <Input id="vendor" name="vendor" defaultValue={server?.vendor ?? ""} {...aria("vendor", form.fields.vendor, true)} />
        </Field>
      </div>
    </ApiFormFrame>
  );
}
