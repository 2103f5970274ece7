import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ContainmentChecklist, IncidentOwners, IncidentTimeline } from "@/components/lifecycle/incident-containment";
import { IncidentSummary } from "@/components/lifecycle/incident-views";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { readIncidentPage } from "@/lib/server/lifecycle/reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Leak incident · Steward" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("/incidents/[id]");
  const id = await pageRecordId(params);
  const v = await readIncidentPage(ctx, id);
  if (!v) notFound();
  const i = v.incident;
  return (
    <>
      <BackLink href="/incidents">Leak incidents</BackLink>
      <PageHeader
        title={`Leaked secret of ${i.credential.name}`}
        description={
          <Link className="text-brand-700 underline" href={`/inventory/${i.credential.id}?tab=secrets`}>
            Open the credential
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card className="space-y-5">
            <IncidentSummary i={i} />
          </Card>
          <Card>
            <h2 className="mb-1 text-sm font-semibold text-slate-800">Containment</h2>
            <ContainmentChecklist v={v} canReadAudit={can(ctx.actor.role, "audit:read")} />
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="mb-3 text-sm font-semibold text-slate-800">Owner</h2>
            <IncidentOwners v={v} />
          </Card>
          <Card>
            <h2 className="mb-3 text-sm font-semibold text-slate-800">Timeline</h2>
            <IncidentTimeline v={v} />
          </Card>
        </div>
      </div>
    </>
  );
}
