import { getCredentialDetail } from "@/db/queries/credentials";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { readAt } from "@/lib/server/as-of";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { presentCredentialDetail } from "@/lib/server/inventory/present";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** A credential now, or as it was at `asOf` (DESIGN §8.6). */
export const GET = route(endpoints.getCredential, async ({ db, params, query }) => {
  const detail = await readAt(db, query.asOf, (q) => getCredentialDetail(q, params.id));
  if (!detail) throw notFound("Credential");
  return presentCredentialDetail(detail);
});

export const PATCH = route(endpoints.updateCredential, async ({ db, ctx, params, body }) => presentCredentialDetail(await updateCredential(db, ctx, params.id, body)));
