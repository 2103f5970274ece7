import type { Metadata } from "next";
import { PersonForm } from "@/components/org/person-form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Add person · Steward" };

export default async function NewPersonPage() {
  await requirePage("/people/new");
  return (
    <>
      <BackLink href="/people">People</BackLink>
      <PageHeader title="Add person" />
      <Card><PersonForm /></Card>
    </>
  );
}
