import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { RotationActionButtons } from "@/components/lifecycle/rotation-forms";
import { RotationStateBadge, RotationSummary, RotationTimeline } from "@/components/lifecycle/rotation-views";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { readRotationRequest } from "@/lib/server/lifecycle/reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Rotation request · Steward" };

export default async function RotationRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("/rotations/[id]");
  const id = await pageRecordId(params);
  const d = await readRotationRequest(ctx, id);
  if (!d) notFound();
  return (
    <>
      <BackLink href="/rotations">Rotations</BackLink>
      <PageHeader
        title={`Rotation of ${d.credential.name}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <RotationStateBadge state={d.state} />
            <Link className="text-brand-700 underline" href={`/inventory/${d.credential.id}?tab=lifecycle`}>
              Open the credential
            </Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="space-y-5 lg:col-span-2">
          <RotationSummary r={d} />
          <RotationActionButtons requestId={d.id} actions={d.actions} oldSecret={d.oldSecret} emergency={d.reason === "compromise"} />
        </Card>
        <Card>
          <h2 className="mb-3 text-sm font-semibold text-slate-800">Timeline</h2>
          <RotationTimeline r={d} />
        </Card>
      </div>
    </>
  );
}
