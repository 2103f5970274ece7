/** An audit event in words, with its raw payload one click away behind "Details" (issue 16 item 5). */
export function AuditEventText({ sentence, payload }: { sentence: string; payload: Record<string, unknown> }) {
  return (
    <>
      <span className="break-words" data-testid="audit-sentence">{sentence}</span>
      {Object.keys(payload).length > 0 ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-slate-500">Details</summary>
          <pre tabIndex={0} aria-label="Event details" className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-600">{JSON.stringify(payload, null, 2)}</pre>
        </details>
      ) : null}
    </>
  );
}
