import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { credentials, findings } from "@/db/schema";
import { listPeople, listTeams } from "@/db/queries/org";
import { ExceptionForm } from "@/components/governance/exception-form";
import { PageHeader } from "@/components/ui/layout";
import { postureRules } from "@/lib/domain/posture/rules";
import { requirePage } from "@/lib/server/page-guard";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "New exception · Steward" };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function NewExceptionPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requirePage("/exceptions/new");
  const raw = (await searchParams).findingId;
  const findingId = Array.isArray(raw) ? raw[0] : raw;
  const db = await getDb();
  const [finding] = findingId && uuid.test(findingId)
    ? await db.select({ ruleId: findings.ruleId, credentialId: credentials.id, credentialName: credentials.name }).from(findings).innerJoin(credentials, eq(credentials.id, findings.credentialId)).where(eq(findings.id, findingId))
    : [];
  const [people, teams] = await Promise.all([listPeople(db, { active: true, limit: 200 }), listTeams(db, { limit: 200 })]);
  return (
    <>
      <PageHeader title="New exception" description="Accept a finding's risk for a limited time. Security decides; the approver is accountable; the expiry is at most 365 days away." />
      <ExceptionForm
        rules={postureRules.map((r) => ({ id: r.id, name: r.title }))}
        people={people.items.map((p) => ({ id: p.id, name: p.name }))}
        teams={teams.items.map((t) => ({ id: t.id, name: t.name }))}
        credential={finding ? { id: finding.credentialId, name: finding.credentialName } : null}
        ruleId={finding?.ruleId ?? null}
      />
    </>
  );
}
