import type { Metadata } from "next";
import { ServerForm } from "@/components/registry/server-form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New authorization server · Steward" };

export default async function NewServerPage() {
  await requirePage("/servers/new");
  return (
    <>
      <BackLink href="/servers">Authorization servers</BackLink>
      <PageHeader
      {...pageHeaders["/servers/new"]}
      />
      <Card><ServerForm /></Card>
    </>
  );
}
