import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ApplicationForm } from "@/components/registry/application-form";
import { DependentCredentialsCard, DetailList, Mono, NotYourRecordNotice } from "@/components/registry/details";
import { applicationStatusLabels, environmentLabel } from "@/components/registry/labels";
import { withTeam } from "@/components/registry/team-select";
import { BackLink, Badge, Card, EditAction, isEditing, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { idField } from "@/lib/validation/common";
import { requirePage } from "@/lib/server/page-guard";
import { readApplication } from "@/lib/server/inventory/registry-reads";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Application · Steward" };

export default async function ApplicationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/applications/[id]");
  const { id } = await params;
  if (!idField.safeParse(id).success) notFound();
  const read = await readApplication(ctx, id);
  if (!read) notFound();
  // Members edit only applications of their teams (DESIGN §2); the server decides again on save.
  const { record: app, used, form } = read;
  const mayWrite = can(ctx.actor.role, "application:write");
  const editing = Boolean(form) && isEditing(await searchParams);
  const status = app.status === "active" ? <Badge tone="green">{applicationStatusLabels.active}</Badge> : <Badge>{applicationStatusLabels.retired}</Badge>;
  return (
    <>
      <BackLink href="/applications">Applications</BackLink>
      <PageHeader
        title={app.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {environmentLabel(app.environment)} · {app.trustZone} {status}
          </span>
        }
        actions={form ? <EditAction href={`/applications/${app.id}`} editing={editing} what={app.name} /> : null}
      />
      {form && editing ? (
        <Card>
          <ApplicationForm application={app} teams={withTeam(form.teams, app.owningTeamId, app.owningTeamName)} myTeamIds={form.myTeamIds} trustZones={form.trustZones} requireTeam={ctx.actor.role === "member"} />
        </Card>
      ) : (
        <>
          {mayWrite && !form ? <NotYourRecordNotice teamName={app.owningTeamName} what="application" /> : null}
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
      <DependentCredentialsCard title="Credentials this application uses" empty="No active credential is linked to this application." data={used} moreHref={`/inventory?applicationId=${app.id}`} />
    </>
  );
}
