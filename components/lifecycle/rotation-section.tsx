import { Link } from "@/components/ui/link";
import { Card, EmptyState } from "@/components/ui/layout";
import { readCredentialRotations } from "@/lib/server/inventory/credential-tabs";
import { RequestRotationButton, RotationActionButtons } from "./rotation-forms";
import { RotationSummary, RotationTable } from "./rotation-views";
import type { LifecycleSectionProps } from "./types";

/** Rotation requests of one credential: the open request with the actions the caller may take, the request dialog, and history. */
export async function RotationSection({ credentialId, viewer }: LifecycleSectionProps) {
  const now = new Date();
  const { open: d, past, hasMore, mayRequest } = await readCredentialRotations(viewer, credentialId, now);
  const { decommissioned } = viewer;
  return (
    <section aria-labelledby="rotations-title" className="space-y-4" data-testid="rotation-section">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="rotations-title" className="text-base font-semibold text-slate-900">
          Rotations
        </h2>
        {mayRequest ? <RequestRotationButton credentialId={credentialId} /> : null}
      </div>
      {d ? (
        <Card className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-800">Open request</h3>
            <Link className="text-sm text-brand-700 underline" href={`/rotations/${d.id}`}>
              Details and timeline
            </Link>
          </div>
          <RotationSummary r={d} />
          <RotationActionButtons requestId={d.id} actions={d.actions} oldSecret={d.oldSecret} emergency={d.reason === "compromise"} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">{decommissioned ? "This credential is decommissioned; it is no longer rotated." : "No rotation is in progress."}</p>
      )}
      {past.length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-800">Past requests</h3>
          <RotationTable rows={past} caption="Past rotation requests of this credential" showCredential={false} now={now} />
          {hasMore ? (
            <Link className="text-sm text-brand-700 underline" href={`/rotations?status=all&credentialId=${credentialId}`}>
              All requests of this credential
            </Link>
          ) : null}
        </div>
      ) : d ? null : (
        <EmptyState title="No rotations yet">Rotation requests of this credential, their approvals and completions will be listed here.</EmptyState>
      )}
    </section>
  );
}
