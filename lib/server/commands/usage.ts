import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/client";
import type { ScopeUse } from "@/lib/domain/usage/rollup";

/**
 * Usage evidence's one write to the credentials aggregate (DESIGN §8.7): `credential_grant_scopes.last_used_at`
 * moves forward (never back) for allowed decisions and issued scopes. Answers how many moved and the
 * credentials one of whose granted scopes was used for the first time (their posture needs a refresh).
 */
export async function markGrantScopesUsed(tx: Tx, uses: readonly ScopeUse[]): Promise<{ moved: number; firstUse: Set<string> }> {
  if (uses.length === 0) return { moved: 0, firstUse: new Set() };
  const moved = rowsOf<{ credential_id: string; first_use: boolean }>(
    await tx.execute(sql`
      update credential_grant_scopes gs set last_used_at = u.at
      from (
        select g.id as grant_id, s.id as scope_id, g.credential_id, max(v.at) as at
        from jsonb_to_recordset(${JSON.stringify(uses)}::jsonb) as v("credentialId" uuid, "apiId" uuid, "anyApi" boolean, scope text, at timestamptz)
        join credential_grants g on g.credential_id = v."credentialId" and (v."anyApi" or g.api_id = v."apiId")
        join api_scopes s on s.api_id = g.api_id and s.name = v.scope
        group by g.id, s.id, g.credential_id
      ) u, credential_grant_scopes prior
      where gs.grant_id = u.grant_id and gs.scope_id = u.scope_id and (gs.last_used_at is null or gs.last_used_at < u.at)
        and prior.grant_id = gs.grant_id and prior.scope_id = gs.scope_id
      returning u.credential_id, prior.last_used_at is null as first_use`),
  );
  return { moved: moved.length, firstUse: new Set(moved.filter((r) => r.first_use).map((r) => r.credential_id)) };
}
