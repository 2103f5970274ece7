"use client";

import { Download, LoaderCircle } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { apiDownload, pathOf, type DownloadProgress } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";
import type { exportFormats } from "@/lib/validation/exports";

type State = { phase: "idle" } | DownloadProgress | { phase: "done"; bytes: number } | { phase: "failed"; message: string };

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The form's fields as the export's query: a field given more than once (frameworks, controls) repeats. */
function queryOf(form: HTMLFormElement): Record<string, string | string[]> {
  const data = new FormData(form);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(data.keys())) {
    const values = data.getAll(key).filter((v): v is string => typeof v === "string");
    query[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return query;
}

/**
 * One export's download button: it says what is happening (preparing while the server assembles the
 * first bytes, then downloading with the size so far) and saves the file when it is complete. Without
 * JavaScript the same button submits the GET form and the browser downloads as usual.
 */
export function ExportButton({ format, label }: { format: (typeof exportFormats)[number]; label: string }) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const busy = state.phase === "preparing" || state.phase === "downloading";
  const text = state.phase === "preparing" ? "Preparing…" : state.phase === "downloading" ? `Downloading… ${size(state.bytes)}` : label;
  return (
    <div className="min-w-64">
      <Button
        type="submit"
        variant="secondary"
        formAction={pathOf(routes.runComplianceExport, { format })}
        data-format={format}
        data-state={state.phase}
        aria-disabled={busy}
        aria-label={busy ? `${label}: ${text}` : label}
        className="w-full"
        onClick={(e) => {
          const form = e.currentTarget.form;
          if (!form) return;
          e.preventDefault();
          if (busy) return;
          apiDownload(routes.runComplianceExport, { params: { format }, query: queryOf(form), onProgress: setState })
            .then(({ file, filename }) => {
              const url = URL.createObjectURL(file);
              const link = document.createElement("a");
              link.href = url;
              link.download = filename ?? `steward-${format}`;
              link.click();
              setTimeout(() => URL.revokeObjectURL(url), 10_000);
              setState({ phase: "done", bytes: file.size });
            })
            .catch((error: unknown) => setState({ phase: "failed", message: error instanceof Error ? error.message : "The export failed." }));
        }}
      >
        {busy ? <LoaderCircle className="h-4 w-4 animate-spin" aria-hidden="true" /> : <Download className="h-4 w-4" aria-hidden="true" />}
        {text}
      </Button>
      <p role="status" aria-live="polite" className="mt-1 min-h-4 text-xs text-slate-600" data-testid={`export-status-${format}`}>
        {state.phase === "done" ? `Downloaded (${size(state.bytes)}).` : state.phase === "failed" ? <span className="text-red-700">{state.message} Check the scope and try again.</span> : ""}
      </p>
    </div>
  );
}
