"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A read-only value with a copy button (one-time URLs and keys). */
export function CopyField({ id, label, value, testId }: { id: string; label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} readOnly value={value} data-testid={testId} className="h-9 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs" onFocus={(e) => e.target.select()} />
      <Button
        variant="secondary"
        onClick={() => {
          void navigator.clipboard.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
