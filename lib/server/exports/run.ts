import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { AuditContext } from "@/db/queries/audit";
import type { ExportCredential } from "@/lib/domain/exports/shape";
import type { ExportScope } from "@/lib/validation/exports";
import { exportBatches } from "./source";

/** What an export needs besides the database: who runs it (for the audit event) and when. */
export type ExportRun = { db: Db; audit: AuditContext; scope: ExportScope; asOf: Date; id: string };
/** Rows written so far, for the audit event (a control row per credential and control). */
export type Counter = { rows: number };

export function newExportRun(db: Db, audit: AuditContext, scope: ExportScope, asOf = new Date()): ExportRun {
  return { db, audit, scope, asOf, id: randomUUID() };
}

/** The scope's credentials, batch by batch (keyset, outside a transaction). */
export async function* credentialsOf(run: ExportRun): AsyncGenerator<ExportCredential> {
  for await (const batch of exportBatches(run.db, run.scope)) yield* batch;
}

/** Each credential shaped into items, counted when `count` is given. */
export async function* mapCredentials<T>(run: ExportRun, f: (c: ExportCredential) => T[], count?: Counter): AsyncGenerator<T[]> {
  for await (const c of credentialsOf(run)) {
    const out = f(c);
    if (count) count.rows += out.length;
    yield out;
  }
}
