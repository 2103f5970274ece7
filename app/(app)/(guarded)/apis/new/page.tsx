import type { Metadata } from "next";
import { ApiRecordForm } from "@/components/registry/api-record-form";
import { NewTeamRecord } from "@/components/registry/new-team-record";
import { readRecordForm } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New API · Steward" };

export default async function NewApiPage() {
  const ctx = await requirePage("/apis/new");
  const { teams, trustZones, myTeamIds } = await readRecordForm(ctx, "api:write");
  return (
    <NewTeamRecord
      back={{ href: "/apis", label: "APIs & scopes" }}
      title="New API"
      plural="APIs"
      description="Record a resource server, its audience and its scopes."
      isMember={ctx.actor.role === "member"}
      teams={teams}
      myTeamIds={myTeamIds}
      form={(defaults) => <ApiRecordForm teams={teams} myTeamIds={myTeamIds} trustZones={trustZones} {...defaults} />}
    />
  );
}
