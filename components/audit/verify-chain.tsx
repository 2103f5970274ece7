"use client";

import { useMutation } from "@tanstack/react-query";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { apiCall } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";

const reasons: Record<string, string> = {
  gap: "an event is missing (deleted)",
  prev_hash_mismatch: "the link to the previous event is broken (deleted or reordered)",
  hash_mismatch: "the event was altered after it was written",
};

export function VerifyChain() {
  const verify = useMutation({ mutationFn: () => apiCall(routes.verifyAuditChain) });
  const r = verify.data;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? "Verifying…" : "Verify chain"}
      </Button>
      <div role="status" aria-live="polite" data-testid="verify-result" className="text-sm">
        {r?.ok === true ? (
          <span className="inline-flex items-center gap-1.5 text-emerald-700">
            <ShieldCheck className="h-4 w-4" aria-hidden="true" /> Chain OK: {r.checked} events verified. Head {r.head.slice(0, 12)}…
          </span>
        ) : null}
        {r?.ok === false ? (
          <span className="inline-flex items-center gap-1.5 text-red-700">
            <ShieldAlert className="h-4 w-4" aria-hidden="true" /> Chain broken at event #{r.seq}: {reasons[r.reason] ?? r.reason}.
          </span>
        ) : null}
        {verify.isError ? <span className="text-red-700">Could not verify: {verify.error.message}</span> : null}
      </div>
    </div>
  );
}
