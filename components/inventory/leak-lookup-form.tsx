"use client";

import { useMutation } from "@tanstack/react-query";
import { Link } from "@/components/ui/link";
import { ApiForm } from "@/components/api-form";
import { FormMessage } from "@/components/ui/form";
import { Badge, DataTable, Td } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { ApiError, apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import { SecretStatusBadge } from "./badges";
import { environmentLabels, labelOf, secretKindLabels, secretStatusLabels, storageLabels } from "./labels";
import { SecretValueInput } from "./secret-value-input";

/**
 * Paste a suspected leaked value; the server fingerprints it and answers which recorded secrets carry
 * that fingerprint. The field is emptied the moment the form is submitted.
 */
export function LeakLookupForm() {
  const lookup = useMutation({
    mutationFn: (value: string) => apiCall(routes.leakLookup, { body: { value } }),
  });
  const fieldError = lookup.error instanceof ApiError ? lookup.error.fields.value : undefined;
  const matches = lookup.data?.matches;
  return (
    <div className="space-y-6">
      <ApiForm
        label="Leak lookup"
        className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-xs"
        secretField="value"
        onSubmit={(_data, value) => {
          if (value === undefined) {
            lookup.reset();
            return;
          }
          lookup.mutate(value);
        }}
      >
        <SecretValueInput
          id="value"
          name="value"
          label="Suspected secret value"
          hint="Paste exactly what was found: whitespace counts. The field is cleared when you press Look up."
          error={fieldError}
        />
        {lookup.error && !fieldError ? <FormMessage>{lookup.error instanceof ApiError ? lookup.error.message : "Could not reach Steward. Check your connection and try again."}</FormMessage> : null}
        <SubmitButton pending={lookup.isPending} pendingLabel="Looking up…">
          Look up
        </SubmitButton>
      </ApiForm>

      <div aria-live="polite">
        {matches === undefined ? null : matches.length === 0 ? (
          <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="leak-no-match">
            <p className="font-semibold">No match.</p>
            <p className="mt-1">
              No recorded secret has this fingerprint. Secrets added without a fingerprint cannot be matched, so a “no match” does not prove the value is not one of yours.
            </p>
          </div>
        ) : (
          <section aria-labelledby="matches-title" className="space-y-3">
            <h2 id="matches-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
              <Badge tone="red">{matches.length === 1 ? "1 match" : `${String(matches.length)} matches`}</Badge>
              This value belongs to a recorded secret
            </h2>
            <p className="max-w-2xl text-sm text-slate-600">
              Treat it as compromised: mark the secret leaked, rotate it with reason “compromise”, and revoke the old value once the new one is live.
            </p>
            <DataTable caption="Secrets matching the pasted value" head={["Credential", "Secret", "Secret status", "Storage", "Environment", "Owner"]}>
              {matches.map((m) => (
                <tr key={m.secretId} data-testid="leak-match">
                  <Td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${m.credentialId}?tab=secrets`}>
                      {m.credentialName}
                    </Link>
                  </Td>
                  <Td>{labelOf(secretKindLabels, m.secretKind)}</Td>
                  <Td>
                    <SecretStatusBadge status={m.secretStatus} label={labelOf(secretStatusLabels, m.secretStatus)} />
                  </Td>
                  <Td>{labelOf(storageLabels, m.storage)}</Td>
                  <Td>{labelOf(environmentLabels, m.environment)}</Td>
                  <Td>{m.ownerName ?? <Badge tone="red">No owner</Badge>}</Td>
                </tr>
              ))}
            </DataTable>
          </section>
        )}
      </div>
    </div>
  );
}
