import type { Metadata } from "next";
import { TeamForm } from "@/components/org/team-form";
import { Card, PageHeader } from "@/components/ui/layout";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New team · Steward" };

export default async function NewTeamPage() {
  await requirePage("/teams/new");
  return (
    <>
      <PageHeader title="New team" />
      <Card><TeamForm /></Card>
    </>
  );
}
