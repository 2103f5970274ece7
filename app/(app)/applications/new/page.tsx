import type { Metadata } from "next";
import { getDb } from "@/db";
import { teamOptions, trustZoneSuggestions } from "@/db/queries/registry-ui";
import { ApplicationForm } from "@/components/registry/application-form";
import { FormMessage } from "@/components/ui/form";
import { Card, PageHeader } from "@/components/ui/layout";
import { actorFacts } from "@/lib/server/inventory/facts";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New application · Steward" };

export default async function NewApplicationPage() {
  const ctx = await requirePage("/applications/new");
  const db = await getDb();
  const [teams, trustZones, facts] = await Promise.all([teamOptions(db), trustZoneSuggestions(db), actorFacts(db, ctx)]);
  const isMember = ctx.actor.role === "member";
  return (
    <>
      <PageHeader
        title="New application"
        description={isMember ? "You can create applications for the teams you belong to." : "Record a workload or integration that uses credentials."}
      />
      {isMember && facts.teamIds.size === 0 ? (
        <div className="mb-4 max-w-3xl">
          <FormMessage kind="info">You do not belong to any team yet, so you cannot create records. Ask an admin or the security team to add you to your team.</FormMessage>
        </div>
      ) : null}
      <Card>
        <ApplicationForm
          teams={teams}
          myTeamIds={[...facts.teamIds]}
          trustZones={trustZones}
          defaultTeamId={isMember ? teams.find((t) => facts.teamIds.has(t.id))?.id : undefined}
          requireTeam={isMember}
        />
      </Card>
    </>
  );
}
