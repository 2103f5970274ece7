import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/client";

/**
 * Usage evidence's one write to the credentials aggregate (DESIGN §8.7): `credential_grant_scopes.last_used_at`
 * moves forward (never back) for allowed decisions and issued scopes. Answers how many moved and the
 * credentials one of whose granted scopes was used for the first time (their posture needs a refresh).
 */
/**
 * Scope uses as PostgreSQL array literals of one length, position by position (the ingest statement
 * answers them so; see `scopeUses` in lib/domain/usage/rollup.ts for what counts as a use). A null
 * API is a token without an audience: any of the credential's APIs.
 */
export type ScopeUseColumns = { credentialIds: string; apiIds: string; scopes: string; at: string };

export async function markGrantScopesUsed(tx: Tx, uses: ScopeUseColumns): Promise<{ moved: number; firstUse: Set<string> }> {
  // The rows are locked in (grant, scope) order before they change, so two requests moving the same
  // scopes queue rather than deadlock; the lock also yields the value before this update (first use).
  const moved = rowsOf<{ credential_id: string; first_use: boolean }>(
    await tx.execute(sql`
      with u as (
        select g.id as grant_id, s.id as scope_id, g.credential_id, max(v.at) as at
        from unnest(${uses.credentialIds}::uuid[], ${uses.apiIds}::uuid[], ${uses.scopes}::text[], ${uses.at}::timestamptz[]) as v(credential_id, api_id, scope, at)
        join credential_grants g on g.credential_id = v.credential_id and (v.api_id is null or g.api_id = v.api_id)
        join api_scopes s on s.api_id = g.api_id and s.name = v.scope
        group by g.id, s.id, g.credential_id
      ), locked as (
        select gs.grant_id, gs.scope_id, u.credential_id, u.at, gs.last_used_at as prior
        from credential_grant_scopes gs join u on u.grant_id = gs.grant_id and u.scope_id = gs.scope_id
        where gs.last_used_at is null or gs.last_used_at < u.at
        order by gs.grant_id, gs.scope_id
        for update of gs
      )
      update credential_grant_scopes gs set last_used_at = l.at
      from locked l
      where gs.grant_id = l.grant_id and gs.scope_id = l.scope_id and (gs.last_used_at is null or gs.last_used_at < l.at)
      returning l.credential_id, l.prior is null as first_use`),
  );
  return { moved: moved.length, firstUse: new Set(moved.filter((r) => r.first_use).map((r) => r.credential_id)) };
}
