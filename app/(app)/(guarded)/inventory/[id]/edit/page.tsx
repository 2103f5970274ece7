import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { CredentialForm } from "@/components/inventory/credential-form";
import { BackLink, PageHeader } from "@/components/ui/layout";
import { readCredentialEditForm } from "@/lib/server/inventory/form-reads";
import { pageRead, pageRecordId, requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Edit credential · Steward" };

export default async function EditCredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("/inventory/[id]/edit");
  const id = await pageRecordId(params);
  const form = await pageRead(readCredentialEditForm(ctx, id));
  if (!form) notFound();
  const { values, options, initialScopes } = form;
  return (
    <>
      <BackLink href={`/inventory/${id}`}>{form.name}</BackLink>
      <PageHeader title={`Edit ${form.name}`} description="Every change is recorded in the audit log; due dates are recomputed when you save." />
      {form.decommissioned ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This credential is decommissioned and kept read-only as evidence; it cannot be edited.{" "}
          <Link href={`/inventory/${id}?tab=lifecycle`} className="font-medium underline">
            See its decommission record
          </Link>
          .
        </p>
      ) : (
        <CredentialForm credential={values} options={options} initialScopes={initialScopes} />
      )}
    </>
  );
}
