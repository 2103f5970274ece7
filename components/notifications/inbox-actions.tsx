"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/api-client";
import { notificationKeys } from "./keys";

function useInboxMutation(path: string) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ updated: number }>(path, { method: "POST" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.unread });
      router.refresh();
    },
  });
}

export function MarkReadButton({ id, subject }: { id: string; subject: string }) {
  const m = useInboxMutation(`/api/v1/inbox/${id}/read`);
  return (
    <Button variant="secondary" size="sm" disabled={m.isPending} onClick={() => m.mutate()} aria-label={`Mark read: ${subject}`}>
      {m.isPending ? "Marking…" : "Mark read"}
    </Button>
  );
}

export function MarkAllReadButton() {
  const m = useInboxMutation("/api/v1/inbox/read-all");
  return (
    <Button variant="secondary" disabled={m.isPending} onClick={() => m.mutate()}>
      {m.isPending ? "Marking…" : "Mark all read"}
    </Button>
  );
}
