import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { getTeam } from "@/db/queries/org";
import { TeamForm, teamKindLabels } from "@/components/org/team-form";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { idField } from "@/lib/validation/common";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Team · Steward" };

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePage("/teams/[id]");
  const { id } = await params;
  if (!idField.safeParse(id).success) notFound();
  const team = await getTeam(await getDb(), id);
  if (!team) notFound();
  return (
    <>
      <PageHeader title={team.name} description={teamKindLabels[team.kind]} />
      {can(actor.role, "team:manage") ? (
        <Card><TeamForm team={team} /></Card>
      ) : team.members.length === 0 ? (
        <EmptyState title="No members yet" />
      ) : (
        <DataTable caption={`Members of ${team.name}`} head={["Name", "Email", "Status"]}>
          {team.members.map((m) => (
            <tr key={m.id}>
              <Td>{m.name}</Td>
              <Td>{m.email}</Td>
              <Td>{m.isActive ? <Badge tone="green">Active</Badge> : <Badge>Left</Badge>}</Td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
