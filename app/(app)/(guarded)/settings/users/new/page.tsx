import type { Metadata } from "next";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { InviteUserForm } from "@/components/users/user-forms";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Invite user · Steward" };

export default async function InviteUserPage() {
  await requirePage("/settings/users/new");
  return (
    <>
      <BackLink href="/settings/users">Users</BackLink>
      <PageHeader {...pageHeaders["/settings/users/new"]} />
      <Card><InviteUserForm /></Card>
    </>
  );
}
