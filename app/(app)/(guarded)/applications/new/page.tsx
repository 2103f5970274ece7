import type { Metadata } from "next";
import { ApplicationForm } from "@/components/registry/application-form";
import { FormMessage } from "@/components/ui/form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { readRecordForm } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New application · Steward" };

export default async function NewApplicationPage() {
  const ctx = await requirePage("/applications/new");
  const { teams, trustZones, myTeamIds } = await readRecordForm(ctx, "application:write");
  const isMember = ctx.actor.role === "member";
  return (
    <>
      <BackLink href="/applications">Applications</BackLink>
      <PageHeader
        title="New application"
        description={isMember ? "You can create applications for the teams you belong to." : "Record a workload or integration that uses credentials."}
      />
      {isMember && myTeamIds.length === 0 ? (
        <div className="mb-4 max-w-3xl">
          <FormMessage kind="info">You do not belong to any team yet, so you cannot create records. Ask an admin or the security team to add you to your team.</FormMessage>
        </div>
      ) : null}
      <Card>
        <ApplicationForm
          teams={teams}
          myTeamIds={myTeamIds}
          trustZones={trustZones}
          defaultTeamId={isMember ? teams.find((t) => myTeamIds.includes(t.id))?.id : undefined}
          requireTeam={isMember}
        />
      </Card>
    </>
  );
}
