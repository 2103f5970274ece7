import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { getApplication } from "@/db/queries/registry";
import { credentialsOfApplication, teamOptions, trustZoneSuggestions } from "@/db/queries/registry-ui";
import { ApplicationForm } from "@/components/registry/application-form";
import { DependentCredentialsCard, DetailList, Mono, NotYourRecordNotice } from "@/components/registry/details";
import { applicationStatusLabels, environmentLabel } from "@/components/registry/labels";
import { withTeam } from "@/components/registry/team-select";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { canEditRecord } from "@/lib/authz/ownership";
import { can } from "@/lib/authz/permissions";
import { idField } from "@/lib/validation/common";
import { actorFacts } from "@/lib/server/inventory/facts";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Application · Steward" };

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("/applications/[id]");
  const { id } = await params;
  if (!idField.safeParse(id).success) notFound();
  const db = await getDb();
  const app = await getApplication(db, id);
  if (!app) notFound();
  const [used, facts] = await Promise.all([credentialsOfApplication(db, id), actorFacts(db, ctx)]);
  const mayWrite = can(ctx.actor.role, "application:write");
  // Members edit only applications of their teams (DESIGN §2); the server decides again on save.
  const editable = mayWrite && canEditRecord(facts, app);
  const [teams, trustZones] = editable ? await Promise.all([teamOptions(db), trustZoneSuggestions(db)]) : [[], []];
  const status = app.status === "active" ? <Badge tone="green">{applicationStatusLabels.active}</Badge> : <Badge>{applicationStatusLabels.retired}</Badge>;
  return (
    <>
      <PageHeader
        title={app.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {environmentLabel(app.environment)} · {app.trustZone} {status}
          </span>
        }
      />
      {editable ? (
        <Card>
          <ApplicationForm application={app} teams={withTeam(teams, app.owningTeamId, app.owningTeamName)} myTeamIds={[...facts.teamIds]} trustZones={trustZones} requireTeam={ctx.actor.role === "member"} />
        </Card>
      ) : (
        <>
          {mayWrite ? <NotYourRecordNotice teamName={app.owningTeamName} what="application" /> : null}
          <Card>
            <DetailList
              items={[
                { label: "Key", value: <Mono>{app.key}</Mono> },
                {
                  label: "Owning team",
                  value: app.owningTeamId ? <Link className="text-brand-700 hover:underline" href={`/teams/${app.owningTeamId}`}>{app.owningTeamName}</Link> : null,
                },
                { label: "Environment", value: environmentLabel(app.environment) },
                { label: "Trust zone", value: app.trustZone },
                { label: "Third party", value: app.thirdParty ? "Yes — vendor-operated or SaaS integration" : "No" },
                { label: "Autonomous", value: app.autonomous ? "Yes — acts without a user in the loop" : "No" },
                { label: "Status", value: status },
              ]}
            />
          </Card>
        </>
      )}
      <DependentCredentialsCard title="Credentials this application uses" empty="No active credential is linked to this application." data={used} />
    </>
  );
}
