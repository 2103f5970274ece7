import type { Metadata } from "next";
import { ApiRecordForm } from "@/components/registry/api-record-form";
import { FormMessage } from "@/components/ui/form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { readRecordForm } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New API · Steward" };

export default async function NewApiPage() {
  const ctx = await requirePage("/apis/new");
  const { teams, trustZones, myTeamIds } = await readRecordForm(ctx, "api:write");
  const isMember = ctx.actor.role === "member";
  return (
    <>
      <BackLink href="/apis">APIs &amp; scopes</BackLink>
      <PageHeader
        title="New API"
        description={isMember ? "You can create APIs for the teams you belong to." : "Record a resource server, its audience and its scopes."}
      />
      {isMember && myTeamIds.length === 0 ? (
        <div className="mb-4 max-w-3xl">
          <FormMessage kind="info">You do not belong to any team yet, so you cannot create records. Ask an admin or the security team to add you to your team.</FormMessage>
        </div>
      ) : null}
      <Card>
        <ApiRecordForm
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
