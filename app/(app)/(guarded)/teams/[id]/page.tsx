import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { HoldersTable } from "@/components/dashboard/holders-table";
import { toDashboardDto } from "@/components/dashboard/serialize";
import { teamKindLabels } from "@/components/org/labels";
import { TeamForm } from "@/components/org/team-form";
import { BackLink, Badge, Card, DataTable, EditAction, EmptyState, isEditing, PageHeader, Td } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { readTeamDashboard } from "@/lib/server/dashboard/read";
import { readTeam } from "@/lib/server/org-reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { dashboardScopeQuery } from "@/lib/validation/dashboard";

export const metadata: Metadata = { title: "Team · Steward" };

/** A team: its dashboard figures and trends, who holds its credentials, and its members (DESIGN §6, issue #6). */
export default async function TeamPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/teams/[id]");
  const id = await pageRecordId(params);
  const team = await readTeam(actor, id);
  if (!team) notFound();
  const raw = await searchParams;
  const { values } = parseSearchParams(dashboardScopeQuery.pick({ environment: true }), raw);
  const mayEdit = can(actor.role, "team:manage");
  const editing = mayEdit && isEditing(raw);
  const { dashboard, trends, holders } = await readTeamDashboard(actor, team.id, values.environment);
  return (
    <>
      <BackLink href="/teams">Teams</BackLink>
      <PageHeader
        title={team.name}
        description={`${teamKindLabels[team.kind]}: its credentials' ownership, overdue work and findings, and the people who hold them.`}
        actions={mayEdit ? <EditAction href={`/teams/${team.id}`} editing={editing} what={team.name} /> : null}
      />
      {editing ? (
        <Card className="mb-8">
          <h2 className="mb-3 text-base font-semibold text-slate-900">Edit team</h2>
          <TeamForm team={team} />
        </Card>
      ) : null}
      <DashboardView
        fixedTeamId={team.id}
        initialState={{ teamId: team.id, environment: values.environment ?? null, sort: "score", dir: "asc" }}
        initial={toDashboardDto(dashboard)}
        initialTrends={trends}
        teams={[]}
      />
      <section aria-labelledby="holders-title" className="mt-8 space-y-2">
        <h2 id="holders-title" className="text-base font-semibold text-slate-900">
          Who holds this team&apos;s credentials
        </h2>
        <HoldersTable teamId={team.id} environment={values.environment ?? null} initial={holders} canReassign={can(actor.role, "ownership:manage")} />
      </section>
      <section aria-labelledby="members-title" className="mt-8 space-y-2">
        <h2 id="members-title" className="text-base font-semibold text-slate-900">
          Members
        </h2>
        {team.members.length === 0 ? (
          <EmptyState title="No members yet" />
        ) : (
          <DataTable caption={`Members of ${team.name}`} head={["Name", "Email", "Status"]}>
            {team.members.map((m) => (
              <tr key={m.id}>
                <Td><Link className="text-brand-700 hover:underline" href={`/people/${m.id}`}>{m.name}</Link></Td>
                <Td>{m.email}</Td>
                <Td>{m.isActive ? <Badge tone="green">Active</Badge> : <Badge>Left the organisation</Badge>}</Td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
