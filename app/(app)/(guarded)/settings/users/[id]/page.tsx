import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink, Badge, Card, PageHeader } from "@/components/ui/layout";
import { EditUserForm } from "@/components/users/user-forms";
import { readUser } from "@/lib/server/org-reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "User · Steward" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePage("/settings/users/[id]");
  const id = await pageRecordId(params);
  const user = await readUser(actor, id);
  if (!user) notFound();
  return (
    <>
      <BackLink href="/settings/users">Users</BackLink>
      <PageHeader title={user.name} description={user.email} actions={user.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red">Deactivated</Badge>} />
      <Card>
        <EditUserForm user={{ id: user.id, name: user.name, role: user.role, isActive: user.isActive }} isSelf={user.id === actor.userId} />
      </Card>
    </>
  );
}
