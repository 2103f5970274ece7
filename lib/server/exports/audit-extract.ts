import "server-only";
import { asc, desc, getTableColumns, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { OmissionReason, OmittedRange } from "@/lib/domain/exports/pack-format";
import type { ExportScope } from "@/lib/validation/exports";
import { credentialInScope, PAGE, periodBounds, ruleWideInScope } from "./period-files";

/** Whether an audit event is about a record in scope: a credential in scope, the team itself, or a rule-wide exception in scope. */
function eventInScope(scope: ExportScope): SQL<boolean> {
  if (!scope.teamId && !scope.environment) return sql<boolean>`true`;
  // CASE keeps the uuid casts to the target types whose ids are uuids.
  return sql<boolean>`case ${auditEvents.targetType}
    when 'credential' then exists (select 1 from credentials c where c.id = ${auditEvents.targetId}::uuid ${credentialInScope(scope)})
    when 'exception' then exists (select 1 from finding_exceptions x where x.id = ${auditEvents.targetId}::uuid and x.credential_id is null ${ruleWideInScope(scope)})
    when 'team' then ${scope.teamId ? sql`${auditEvents.targetId} = ${scope.teamId}` : sql`false`}
    else false end`;
}

/** Where the audit extract has got to: the last seq and hash written, and the run of omitted events not yet written. */
export type ExtractCursor = { seq: number; hash: string; gap: OmittedRange | null };

const omittedLine = (gap: OmittedRange) => `${JSON.stringify({ omitted: gap })}\n`;

/** The pending omitted range as a line ("" when there is none). */
export function flushGap(cursor: ExtractCursor): string {
  const line = cursor.gap ? omittedLine(cursor.gap) : "";
  cursor.gap = null;
  return line;
}

/**
 * The audit extract from the event after `cursor` to the current head, batch by batch: events about
 * the scope's records in the period in full, every other event folded into an omitted range (seq
 * span and the hash of its last event), so the file covers the whole chain without revealing other
 * teams' events (DESIGN §7, §8.4).
 */
export async function* extractLines(q: Queryable, scope: ExportScope, cursor: ExtractCursor): AsyncGenerator<string> {
  const { from, to } = periodBounds(scope);
  const inScope = eventInScope(scope);
  for (;;) {
    const rows = await q
      .select({ ...getTableColumns(auditEvents), inScope })
      .from(auditEvents)
      .where(gt(auditEvents.seq, cursor.seq))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    if (rows.length === 0) return;
    let out = "";
    for (const { inScope: about, ...event } of rows) {
      const reason: OmissionReason | null = event.occurredAt < from ? "before the period" : event.occurredAt >= to ? "after the period" : about ? null : "outside the scope";
      if (reason === null) {
        out += `${flushGap(cursor)}${JSON.stringify(event)}\n`;
      } else if (cursor.gap?.reason === reason) {
        cursor.gap = { ...cursor.gap, toSeq: event.seq, lastHash: event.hash };
      } else {
        out += flushGap(cursor);
        cursor.gap = { fromSeq: event.seq, toSeq: event.seq, lastHash: event.hash, reason };
      }
      cursor.seq = event.seq;
      cursor.hash = event.hash;
    }
    if (out !== "") yield out;
  }
}

/** The start of the extract: everything before the period as one omitted range (found by index, not read). */
export async function extractStart(q: Queryable, scope: ExportScope): Promise<ExtractCursor> {
  const [anchor] = await q.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).where(lt(auditEvents.occurredAt, periodBounds(scope).from)).orderBy(desc(auditEvents.seq)).limit(1);
  if (!anchor) return { seq: 0, hash: "", gap: null };
  return { seq: anchor.seq, hash: anchor.hash, gap: { fromSeq: 1, toSeq: anchor.seq, lastHash: anchor.hash, reason: "before the period" } };
}
