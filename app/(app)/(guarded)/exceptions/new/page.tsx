import type { Metadata } from "next";
import { ExceptionForm } from "@/components/governance/exception-form";
import { BackLink, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { postureRules } from "@/lib/domain/posture/rules";
import { readExceptionForm } from "@/lib/server/governance/reads";
import { requirePage } from "@/lib/server/page-guard";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "New exception · Steward" };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function NewExceptionPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/exceptions/new");
  const raw = (await searchParams).findingId;
  const findingId = Array.isArray(raw) ? raw[0] : raw;
  const { finding, people, teams } = await readExceptionForm(actor, findingId && uuid.test(findingId) ? findingId : null);
  return (
    <>
      <BackLink href="/exceptions">Exceptions</BackLink>
      <PageHeader {...pageHeaders["/exceptions/new"]} />
      <ExceptionForm
        rules={postureRules.map((r) => ({ id: r.id, name: r.title }))}
        people={people}
        teams={teams}
        credential={finding ? { id: finding.credentialId, name: finding.credentialName } : null}
        ruleId={finding?.ruleId ?? null}
      />
    </>
  );
}
