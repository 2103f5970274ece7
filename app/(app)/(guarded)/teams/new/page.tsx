import type { Metadata } from "next";
import { TeamForm } from "@/components/org/team-form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New team · Steward" };

export default async function NewTeamPage() {
  await requirePage("/teams/new");
  return (
    <>
      <BackLink href="/teams">Teams</BackLink>
      <PageHeader title="New team" />
      <Card><TeamForm /></Card>
    </>
  );
}
