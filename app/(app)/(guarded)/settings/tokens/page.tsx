import type { Metadata } from "next";
import { CreateTokenForm, TokenTable } from "@/components/settings/api-tokens";
import { Card, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { can } from "@/lib/authz/permissions";
import { readApiTokenSettings } from "@/lib/server/api-tokens";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "API tokens · Steward" };

/** API tokens (DESIGN §8.1): one's own, and for admins everyone's. */
export default async function ApiTokensPage() {
  const { actor } = await requirePage("/settings/tokens");
  const { mine, all } = await readApiTokenSettings(actor);
  return (
    <>
      <PageHeader
      {...pageHeaders["/settings/tokens"]}
      />
      <div className="space-y-6">
        <Card>
          <h2 className="mb-3 text-base font-semibold text-slate-900">New token</h2>
          <CreateTokenForm readOnlyOnly={!can(actor.role, "token:write")} canIngest={can(actor.role, "usage:ingest")} />
        </Card>
        <section aria-labelledby="my-tokens" className="space-y-3">
          <h2 id="my-tokens" className="text-base font-semibold text-slate-900">
            Your tokens
          </h2>
          <TokenTable tokens={mine} showUser={false} scope="mine" />
        </section>
        {all ? (
          <section aria-labelledby="all-tokens" className="space-y-3">
            <h2 id="all-tokens" className="text-base font-semibold text-slate-900">
              Everyone&apos;s tokens
            </h2>
            <TokenTable tokens={all} showUser scope="all" />
          </section>
        ) : null}
      </div>
    </>
  );
}
