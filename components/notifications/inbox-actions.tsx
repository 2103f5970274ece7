"use client";

import { Button } from "@/components/ui/button";
import { invalidates } from "@/components/query-keys";
import { useApiForm } from "@/components/use-api-form";
import { routes } from "@/lib/api/routes";

export function MarkReadButton({ id, subject }: { id: string; subject: string }) {
  const m = useApiForm(routes.markInboxRead, { params: { id }, invalidates: invalidates.inbox });
  return (
    <Button variant="secondary" size="sm" disabled={m.isPending} onClick={() => m.submit(undefined)} aria-label={`Mark read: ${subject}`}>
      {m.isPending ? "Marking…" : "Mark read"}
    </Button>
  );
}

export function MarkAllReadButton() {
  const m = useApiForm(routes.markAllInboxRead, { invalidates: invalidates.inbox });
  return (
    <Button variant="secondary" disabled={m.isPending} onClick={() => m.submit(undefined)}>
      {m.isPending ? "Marking…" : "Mark all read"}
    </Button>
  );
}
