"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";

/** The one time the link is visible: it is stored only as a hash. */
export function InviteLink({ url, expiresAt, email }: { url: string; expiresAt: string; email: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3" data-testid="invite-link">
      <FormMessage kind="success">
        Send this one-time link to {email}. It works once, until {new Date(expiresAt).toUTCString()}, and will not be shown again.
      </FormMessage>
      <div className="flex gap-2">
        <label htmlFor="invite-url" className="sr-only">One-time password link</label>
        <input id="invite-url" readOnly value={url} className="h-9 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs" onFocus={(e) => e.target.select()} />
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
