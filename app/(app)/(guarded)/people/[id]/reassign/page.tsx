import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { HoldingsList } from "@/components/queue/holdings-list";
import { ReassignForm } from "@/components/queue/reassign-form";
import { BackLink, Badge, Card, PageHeader } from "@/components/ui/layout";
import { readHoldingsToReassign } from "@/lib/server/org-reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Reassign ownership · Steward" };

export default async function ReassignPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePage("/people/[id]/reassign");
  const id = await pageRecordId(params);
  const read = await readHoldingsToReassign(actor, id);
  if (!read) notFound();
  const { person, holdings } = read;
  return (
    <>
      <BackLink href={`/people/${id}`}>{person.name}</BackLink>
      <PageHeader
        title={`Reassign ownership from ${person.name}`}
        description="Move this person's roles to someone active, on every credential or on the ones you choose. Each change is audited; credentials stop being flagged as orphaned once nobody who left holds them."
        actions={person.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red">Left the organisation</Badge>}
      />
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <Card>
          <ReassignForm person={{ id: person.id, name: person.name }} counts={holdings.counts} holdings={holdings.items} total={holdings.total} truncated={holdings.truncated} />
        </Card>
        <Card>
          <h2 className="text-sm font-semibold text-slate-800">Currently held</h2>
          <HoldingsList holdings={holdings} personName={person.name} />
        </Card>
      </div>
    </>
  );
}
