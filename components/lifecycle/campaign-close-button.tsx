"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";
import { useApiForm } from "@/components/use-api-form";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

/** Closes a campaign after a second click; the open tasks stay visible as not done. */
export function CampaignCloseButton({ campaignId, openTasks }: { campaignId: string; openTasks: number }) {
  const [confirming, setConfirming] = useState(false);
  const form = useApiForm(routes.closeCampaign, { params: { id: campaignId }, invalidates: invalidates.findings, onSuccess: () => setConfirming(false) });
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)} data-testid="campaign-close">
        Close campaign
      </Button>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm closing the campaign">
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      <span className="text-sm text-slate-700">{openTasks > 0 ? `${openTasks} task${openTasks === 1 ? " stays" : "s stay"} not done.` : "All tasks are done."}</span>
      <Button variant="danger" disabled={form.isPending} onClick={() => form.submit(undefined)} data-testid="campaign-close-confirm">
        {form.isPending ? "Closing…" : "Confirm close"}
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </div>
  );
}
