"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";

/**
 * A one-line value, cut to the column's width with the whole of it as a tooltip, and an icon button
 * that copies it (identifiers in dense tables: client ids, keys).
 */
export function TruncatedCopy({ value, label, className }: { value: string; label: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="flex min-w-0 items-center gap-1">
      <span className={`min-w-0 truncate ${className ?? ""}`} title={value}>
        {value}
      </span>
      <button
        type="button"
        className="shrink-0 rounded p-0.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
        aria-label={copied ? `Copied ${label}` : `Copy ${label}`}
        title={copied ? "Copied" : "Copy"}
        onClick={() => {
          void navigator.clipboard.writeText(value).then(() => setCopied(true));
        }}
        onBlur={() => setCopied(false)}
      >
        {copied ? <Check className="h-3.5 w-3.5" aria-hidden="true" /> : <Copy className="h-3.5 w-3.5" aria-hidden="true" />}
      </button>
    </span>
  );
}
