import type { Metadata } from "next";
import { PolicyForm } from "@/components/registry/policy-form";
import { FormMessage } from "@/components/ui/form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New rotation policy · Steward" };

export default async function NewPolicyPage() {
  await requirePage("/policies/new");
  return (
    <>
      <BackLink href="/policies">Rotation policies</BackLink>
      <PageHeader title="New rotation policy" />
      <div className="mb-4 max-w-3xl">
        <FormMessage kind="info">
          Creating a policy recomputes the rotation and review due dates of every credential: credentials it matches more specifically than their current policy move to it.
        </FormMessage>
      </div>
      <Card><PolicyForm /></Card>
    </>
  );
}
