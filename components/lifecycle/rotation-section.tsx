import Link from "next/link";
import { getRotationRequest, listRotationRequests, openRotationRequestOf } from "@/db/queries/rotations";
import { Card, EmptyState } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { presentRotationDetail, presentRotationRequest, rotationActionsOf } from "@/lib/server/lifecycle/rotations";
import { rotationRequestFilters } from "@/lib/validation/rotation";
import { RequestRotationButton, RotationActionButtons } from "./rotation-forms";
import { RotationSummary, RotationTable } from "./rotation-views";
import type { LifecycleSectionProps } from "./types";

const PAST = 10;

/** Rotation requests of one credential: the open request with the actions the caller may take, the request dialog, and history. */
export async function RotationSection({ db, credentialId, actor, facts, mayEdit, decommissioned }: LifecycleSectionProps) {
  const now = new Date();
  const open = await openRotationRequestOf(db, credentialId);
  const [detail, history] = await Promise.all([
    open ? getRotationRequest(db, open.id) : Promise.resolve(undefined),
    listRotationRequests(db, rotationRequestFilters.parse({ credentialId, limit: String(PAST + 1) })),
  ]);
  const rotationActor = can(actor.role, "rotation:write") ? { userId: actor.userId, personId: facts.personId, role: actor.role, canEditCredential: mayEdit } : null;
  const past = history.items.filter((r) => r.id !== open?.id).slice(0, PAST).map(presentRotationRequest);
  const mayRequest = rotationActor !== null && mayEdit && !decommissioned && !open;
  return (
    <section aria-labelledby="rotations-title" className="space-y-4" data-testid="rotation-section">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="rotations-title" className="text-base font-semibold text-slate-900">
          Rotations
        </h2>
        {mayRequest ? <RequestRotationButton credentialId={credentialId} /> : null}
      </div>
      {detail ? (
        (() => {
          const d = presentRotationDetail(detail, rotationActionsOf(detail, rotationActor, now));
          return (
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
          );
        })()
      ) : (
        <p className="text-sm text-slate-600">{decommissioned ? "This credential is decommissioned; it is no longer rotated." : "No rotation is in progress."}</p>
      )}
      {past.length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-800">Past requests</h3>
          <RotationTable rows={past} caption="Past rotation requests of this credential" showCredential={false} now={now} />
          {history.items.length > PAST ? (
            <Link className="text-sm text-brand-700 underline" href={`/rotations?status=all&credentialId=${credentialId}`}>
              All requests of this credential
            </Link>
          ) : null}
        </div>
      ) : detail ? null : (
        <EmptyState title="No rotations yet">Rotation requests of this credential, their approvals and completions will be listed here.</EmptyState>
      )}
    </section>
  );
}
