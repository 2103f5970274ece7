import type { Metadata } from "next";
import { ApplicationForm } from "@/components/registry/application-form";
import { NewTeamRecord } from "@/components/registry/new-team-record";
import { readRecordForm } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New application · Steward" };

export default async function NewApplicationPage() {
  const ctx = await requirePage("/applications/new");
  const { teams, trustZones, myTeamIds } = await readRecordForm(ctx, "application:write");
  return (
    <NewTeamRecord
      back={{ href: "/applications", label: "Applications" }}
      title="New application"
      plural="applications"
      description="Record a workload or integration that uses credentials."
      isMember={ctx.actor.role === "member"}
      teams={teams}
      myTeamIds={myTeamIds}
      form={(defaults) => <ApplicationForm teams={teams} myTeamIds={myTeamIds} trustZones={trustZones} {...defaults} />}
    />
  );
}
