import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DependentCredentialsCard, DetailList, Mono } from "@/components/registry/details";
import { PolicyForm } from "@/components/registry/policy-form";
import { PolicyMatchSummary, SecurityApproval, ttl } from "@/components/registry/policy-summary";
import { FormMessage } from "@/components/ui/form";
import { BackLink, Card, EditAction, isEditing, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { readPolicy } from "@/lib/server/inventory/registry-reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Rotation policy · Steward" };

export default async function PolicyPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/policies/[id]");
  const id = await pageRecordId(params);
  const read = await readPolicy(actor, id);
  if (!read) notFound();
  const { policy, governed } = read;
  const canManage = can(actor.role, "policy:manage");
  const editing = canManage && isEditing(await searchParams);
  return (
    <>
      <BackLink href="/policies">Rotation policies</BackLink>
      <PageHeader
        title={policy.name}
        description={<>Key <Mono>{policy.key}</Mono></>}
        actions={canManage ? <EditAction href={`/policies/${policy.id}`} editing={editing} what={policy.name} /> : null}
      />
      {editing ? (
        <>
          <div className="mb-4 max-w-3xl">
            <FormMessage kind="info">
              Saving recomputes the rotation and review due dates of every credential, not only of the ones this policy governs now ({governed.total}): a change to
              what it matches can move credentials between policies.
            </FormMessage>
          </div>
          <Card><PolicyForm policy={policy} /></Card>
        </>
      ) : (
        <Card>
          <DetailList
            items={[
              { label: "Applies to", value: <PolicyMatchSummary policy={policy} /> },
              { label: "Priority", value: String(policy.priority) },
              { label: "Max secret age", value: `${policy.maxSecretAgeDays} days` },
              { label: "Review cadence", value: `${policy.reviewCadenceDays} days` },
              { label: "Max access-token TTL", value: ttl(policy.maxAccessTokenTtlSeconds) },
              { label: "Approvals required", value: String(policy.approvalsRequired) },
              { label: "Security approval", value: <SecurityApproval required={policy.securityApprovalRequired} /> },
              { label: "Reminders", value: `${policy.reminderOffsetsDays.map((d) => `${d}`).join(", ")} days before due` },
            ]}
          />
        </Card>
      )}
      <DependentCredentialsCard title="Credentials governed by this policy" empty="No active credential follows this policy at the moment." data={governed} />
    </>
  );
}
