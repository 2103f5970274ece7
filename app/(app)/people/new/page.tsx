import type { Metadata } from "next";
import { PersonForm } from "@/components/org/person-form";
import { Card, PageHeader } from "@/components/ui/layout";
import { requirePermission } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Add person · Steward" };

export default async function NewPersonPage() {
  await requirePermission("person:manage");
  return (
    <>
      <PageHeader title="Add person" />
      <Card><PersonForm /></Card>
    </>
  );
}
