import { endpoints } from "@/lib/api/endpoints";
import { AppError } from "@/lib/errors";
import { MAX_IMPORT_BYTES } from "@/lib/inventory-file/api";
import type { ImportEvent } from "@/lib/inventory-file/results";
import { json, readBodyText, securityHeaders, uniqueViolation } from "@/lib/server/http";
import { applyImport, assertApplicable, dryRunResult, prepareImport } from "@/lib/server/inventory/import";
import { describeError } from "@/lib/server/log";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/**
 * Dry run → JSON diff, nothing written. Apply → NDJSON progress events while batches commit; a
 * file that may not be applied (unreadable, or invalid records without apply-valid) is refused
 * with 422 before anything is written, and a first batch that fails answers its error envelope.
 */
export const POST = route(endpoints.importInventory, async ({ db, ctx, query, request }) => {
  const text = await readBodyText(request, MAX_IMPORT_BYTES, () => new AppError("PAYLOAD_TOO_LARGE", `The file must be at most ${MAX_IMPORT_BYTES / (1024 * 1024)} MB`));
  if (text.trim() === "") throw new AppError("INVALID_REQUEST", "Send the file as the request body");
  const prepared = await prepareImport(db, text, query.format, { role: ctx.actor?.role });
  if (query.mode === "dry-run") return json(dryRunResult(prepared));
  assertApplicable(prepared, query.mode);
  const mode = query.mode;
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  let done = 0;
  let total = 0;
  let firstBatchCommitted!: () => void;
  const committed = new Promise<"committed">((resolve) => {
    firstBatchCommitted = () => resolve("committed");
  });
  // The import runs to the end even if the client goes away: a half-sent response must not mean a half import.
  const send = (event: ImportEvent) => {
    if (event.type === "progress") ({ done, total } = event);
    if (event.type === "plan") total = event.toApply;
    try {
      controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
    } catch {
      // The client disconnected.
    }
  };
  const close = () => {
    try {
      controller.close();
    } catch {
      // Already closed by a disconnect.
    }
  };
  const run = applyImport(db, ctx, prepared, {
    mode,
    onEvent: (event) => {
      send(event);
      if (event.type === "progress") firstBatchCommitted();
    },
  });
  // Until a batch has committed nothing is written, so a failure then (the database gone, an audit
  // insert refused) is an ordinary error answer: the envelope with its status, not a 200 stream.
  await Promise.race([committed, run]);
  run.then(close, (error: unknown) => {
    const known = error instanceof AppError ? error : uniqueViolation(error);
    if (!known) console.error(`[import] request=${ctx.requestId} failed: ${describeError(error)}`);
    send({ type: "error", message: known ? known.message : "The import stopped on an unexpected error; batches before it were committed. The request id is in the server log.", done, total });
    close();
  });
  return new Response(stream, { headers: { ...securityHeaders, "Content-Type": "application/x-ndjson; charset=utf-8" } });
});
