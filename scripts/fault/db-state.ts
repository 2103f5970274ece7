import type { Sql } from "postgres";
import { openDatabase } from "../../db/client";
import { verifyAuditChain } from "../../db/queries/audit";

/** Every table of the app's schema with its row count and a checksum of its rows (order-independent). */
export type TableState = Map<string, { rows: number; checksum: string }>;

export async function snapshotTables(sql: Sql): Promise<TableState> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
  const state: TableState = new Map();
  for (const { name } of tables) {
    const ident = `"${name.replace(/"/g, '""')}"`;
    const [row] = await sql.unsafe<{ rows: string; checksum: string | null }[]>(
      `select count(*)::text as rows, md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as checksum from ${ident} t`,
    );
    state.set(name, { rows: Number(row?.rows ?? 0), checksum: row?.checksum ?? "" });
  }
  return state;
}

/** Tables whose rows differ between two snapshots, with their row counts before → after. */
export function changedTables(before: TableState, after: TableState): { table: string; before: number; after: number }[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  const changed: { table: string; before: number; after: number }[] = [];
  for (const table of [...names].sort()) {
    const b = before.get(table);
    const a = after.get(table);
    if (b?.checksum !== a?.checksum || b?.rows !== a?.rows) changed.push({ table, before: b?.rows ?? -1, after: a?.rows ?? -1 });
  }
  return changed;
}

/** The audit hash chain of a database, checked by the same code as `npm run audit:verify`. */
export async function auditChain(url: string): Promise<{ ok: boolean; checked: number; detail: string }> {
  const handle = await openDatabase({ driver: "postgres", url, poolMax: 1 });
  try {
    const result = await verifyAuditChain(handle.db);
    return result.ok ? { ok: true, checked: result.checked, detail: `head ${result.head}` } : { ok: false, checked: result.checked, detail: `broken at seq ${result.seq} (${result.reason})` };
  } finally {
    await handle.close();
  }
}
