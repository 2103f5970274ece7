import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { formatSeconds } from "@/components/registry/labels";
import { PolicyMatchSummary, SecurityApproval } from "@/components/registry/policy-summary";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyState, PageHeader, Td } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { can } from "@/lib/authz/permissions";
import { readPolicies } from "@/lib/server/inventory/registry-reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Rotation policies · Steward" };

export default async function PoliciesPage() {
  const { actor } = await requirePage("/policies");
  const { policies, usage } = await readPolicies(actor);
  const canManage = can(actor.role, "policy:manage");
  return (
    <>
      <PageHeader
        {...pageHeaders["/policies"]}
        actions={canManage ? <Button asChild><Link href="/policies/new">New policy</Link></Button> : null}
      />
      {policies.length === 0 ? (
        <EmptyState
          title="No rotation policies"
          action={canManage ? <Button asChild><Link href="/policies/new">Create a policy</Link></Button> : null}
        >
          Without a policy no credential has a rotation or review due date.
        </EmptyState>
      ) : (
        <DataTable
          caption="Rotation policies"
          head={["Name", "Match", "Max age", "Review every", "Max TTL", "Approvals", "Security approval", "Reminders", "Credentials"]}
        >
          {policies.map((p) => (
            <tr key={p.id} className="hover:bg-slate-50">
              <Td className="min-w-36">
                <Link className="font-medium text-brand-700 hover:underline" href={`/policies/${p.id}`}>
                  {p.name}
                </Link>
                {p.priority !== 0 ? <span className="block text-xs text-slate-500">priority {p.priority}</span> : null}
              </Td>
              <Td className="min-w-52"><PolicyMatchSummary policy={p} /></Td>
              <Td className="whitespace-nowrap tabular-nums">{p.maxSecretAgeDays} d</Td>
              <Td className="whitespace-nowrap tabular-nums">{p.reviewCadenceDays} d</Td>
              <Td className="whitespace-nowrap tabular-nums">
                {p.maxAccessTokenTtlSeconds} s
                {formatSeconds(p.maxAccessTokenTtlSeconds) !== `${p.maxAccessTokenTtlSeconds} s` ? (
                  <span className="block text-xs text-slate-500">{formatSeconds(p.maxAccessTokenTtlSeconds)}</span>
                ) : null}
              </Td>
              <Td className="tabular-nums">{p.approvalsRequired}</Td>
              <Td><SecurityApproval required={p.securityApprovalRequired} /></Td>
              <Td className="whitespace-nowrap tabular-nums">{p.reminderOffsetsDays.join(", ")} d</Td>
              <Td className="tabular-nums">{usage.get(p.id) ?? 0}</Td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
