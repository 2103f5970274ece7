import type { Metadata } from "next";
import { CredentialForm } from "@/components/inventory/credential-form";
import { BackLink, PageHeader } from "@/components/ui/layout";
import { readNewCredentialForm } from "@/lib/server/inventory/form-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { credentialPrefillQuery } from "@/lib/validation/usage";

export const metadata: Metadata = { title: "New credential · Steward" };

export default async function NewCredentialPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/inventory/new");
  // Register from the Unknown clients page (DESIGN §5.4): the client id and its server filled in; bad values are dropped.
  const { values: prefill } = parseSearchParams(credentialPrefillQuery, await searchParams);
  const { options, isMember } = await readNewCredentialForm(ctx);
  return (
    <>
      <BackLink href="/inventory">Inventory</BackLink>
      <PageHeader
        title="New credential"
        description={
          isMember
            ? "Record an OAuth client, API key or certificate for one of your teams. Secrets are added on the next page, as metadata only."
            : "Record an OAuth client, API key or certificate with its owners and access. Secrets are added on the next page, as metadata only."
        }
      />
      {isMember && options.owningTeams.length === 0 ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You are not in any team yet, so you cannot create credentials: a member records credentials for the teams they belong to. Ask an admin to add you to your application team.
        </p>
      ) : (
        <CredentialForm options={options} initialScopes={{}} prefill={{ clientId: prefill.clientId, authorizationServerId: prefill.serverId }} />
      )}
    </>
  );
}
