import { listCredentials } from "@/db/queries/credentials";
import { endpoints } from "@/lib/api/endpoints";
import { readAt } from "@/lib/server/as-of";
import { createCredential } from "@/lib/server/inventory/credentials";
import { presentCredentialDetail, presentCredentialListItem } from "@/lib/server/inventory/present";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The inventory now, or as it was at `asOf` (DESIGN §8.6: due buckets against that instant). */
export const GET = route(endpoints.listCredentials, ({ db, query }) =>
  readAt(db, query.asOf, async (q, now) => {
    const page = await listCredentials(q, query, now);
    return { items: page.items.map((c) => presentCredentialListItem(c, now)), nextCursor: page.nextCursor };
  }),
);

export const POST = route(endpoints.createCredential, async ({ db, ctx, body }) => presentCredentialDetail(await createCredential(db, ctx, body)));
