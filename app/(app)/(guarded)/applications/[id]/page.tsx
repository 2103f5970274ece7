import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApplicationForm } from "@/components/registry/application-form";
import { DependentCredentialsCard, Mono } from "@/components/registry/details";
import { applicationStatusLabels, environmentLabel } from "@/components/registry/labels";
import { owningTeamItem, TeamRecordView } from "@/components/registry/team-record-view";
import { withTeam } from "@/components/registry/team-select";
import { Badge, isEditing } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import { readApplication } from "@/lib/server/inventory/registry-reads";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Application · Steward" };

export default async function ApplicationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/applications/[id]");
  const id = await pageRecordId(params);
  const read = await readApplication(ctx, id);
  if (!read) notFound();
  // Members edit only applications of their teams (DESIGN §2); the server decides again on save.
  const { record: app, used, form } = read;
  const mayWrite = can(ctx.actor.role, "application:write");
  const editing = Boolean(form) && isEditing(await searchParams);
  const status = app.status === "active" ? <Badge tone="green">{applicationStatusLabels.active}</Badge> : <Badge>{applicationStatusLabels.retired}</Badge>;
  return (
    <TeamRecordView
      back={{ href: "/applications", label: "Applications" }}
      basePath="/applications"
      record={app}
      description={<>{environmentLabel(app.environment)} · {app.trustZone} {status}</>}
      what="application"
      mayWrite={mayWrite}
      editing={editing}
      form={form ? <ApplicationForm application={app} teams={withTeam(form.teams, app.owningTeamId, app.owningTeamName)} myTeamIds={form.myTeamIds} trustZones={form.trustZones} requireTeam={ctx.actor.role === "member"} /> : null}
      details={[
        { label: "Key", value: <Mono>{app.key}</Mono> },
        owningTeamItem(app),
        { label: "Environment", value: environmentLabel(app.environment) },
        { label: "Trust zone", value: app.trustZone },
        { label: "Third party", value: app.thirdParty ? "Yes — vendor-operated or SaaS integration" : "No" },
        { label: "Autonomous", value: app.autonomous ? "Yes — acts without a user in the loop" : "No" },
        { label: "Status", value: status },
      ]}
    >
      <DependentCredentialsCard title="Credentials this application uses" empty="No active credential is linked to this application." data={used} moreHref={`/inventory?applicationId=${app.id}`} />
    </TeamRecordView>
  );
}
