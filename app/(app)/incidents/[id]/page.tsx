import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentSummary } from "@/components/lifecycle/incident-views";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { readIncident } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";
import { idField } from "@/lib/validation/common";

export const metadata: Metadata = { title: "Leak incident · Steward" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePage("/incidents/[id]");
  const { id } = await params;
  if (!idField.safeParse(id).success) notFound();
  const i = await readIncident(actor, id);
  if (!i) notFound();
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
      <Card>
        <IncidentSummary i={i} />
      </Card>
    </>
  );
}
