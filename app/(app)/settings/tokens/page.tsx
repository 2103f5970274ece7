import type { Metadata } from "next";
import { getDb } from "@/db";
import { CreateTokenForm, TokenTable } from "@/components/settings/api-tokens";
import { Card, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { listApiTokens } from "@/lib/server/api-tokens";
import { requirePage } from "@/lib/server/page-guard";
import type { ApiTokenDto } from "@/lib/validation/api-tokens";

export const metadata: Metadata = { title: "API tokens · Steward" };

const toDto = (t: Awaited<ReturnType<typeof listApiTokens>>["items"][number]): ApiTokenDto => ({
  ...t,
  expiresAt: t.expiresAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
});

/** API tokens (DESIGN §8.1): one's own, and for admins everyone's. */
export default async function ApiTokensPage() {
  const { actor } = await requirePage("/settings/tokens");
  const db = await getDb();
  const isAdmin = can(actor.role, "token:manage");
  const [mine, all] = await Promise.all([listApiTokens(db, { userId: actor.userId, limit: 200 }), isAdmin ? listApiTokens(db, { limit: 200 }) : Promise.resolve(null)]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens for the Steward API (Authorization: Bearer …). A token acts with your rights at most, expires within a year, stops working when you are deactivated, and is itself a credential in the inventory."
      />
      <div className="space-y-6">
        <Card>
          <h2 className="mb-3 text-base font-semibold text-slate-900">New token</h2>
          <CreateTokenForm />
        </Card>
        <section aria-labelledby="my-tokens" className="space-y-3">
          <h2 id="my-tokens" className="text-base font-semibold text-slate-900">
            Your tokens
          </h2>
          <TokenTable tokens={mine.items.map(toDto)} showUser={false} scope="mine" />
        </section>
        {all ? (
          <section aria-labelledby="all-tokens" className="space-y-3">
            <h2 id="all-tokens" className="text-base font-semibold text-slate-900">
              Everyone&apos;s tokens
            </h2>
            <TokenTable tokens={all.items.map(toDto)} showUser scope="all" />
          </section>
        ) : null}
      </div>
    </>
  );
}
