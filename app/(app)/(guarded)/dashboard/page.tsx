import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { GettingStarted } from "@/components/dashboard/getting-started";
import { toDashboardDto } from "@/components/dashboard/serialize";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { OpenFindings } from "@/components/dashboard/open-findings";
import { can } from "@/lib/authz/permissions";
import { FINDING_COUNT_CAP, readTopFindings } from "@/lib/server/governance/reads";
import { readDashboardPage } from "@/lib/server/dashboard/read";
import { readUnknownClientCount } from "@/lib/server/usage/reads";
import { readOrgBasics, readTeamChoices } from "@/lib/server/org-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { dashboardQuery } from "@/lib/validation/dashboard";

export const metadata: Metadata = { title: "Dashboard · Steward" };

const TEAM_OPTIONS = 500;
/** Open findings the Overview lists with their next action; the rest are one link away. */
const TOP_FINDINGS = 5;

/** The security dashboard (DESIGN §6): the landing page for security, admin and auditor (see ../page.tsx). */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/dashboard");
  const { values } = parseSearchParams(dashboardQuery, await searchParams);
  const scope = { teamId: values.teamId, environment: values.environment };
  const [{ dashboard, trends }, teams, basics, unknownClients, findings] = await Promise.all([
    readDashboardPage(actor, scope, { sort: values.sort, dir: values.dir }),
    readTeamChoices(actor, TEAM_OPTIONS),
    readOrgBasics(actor),
    readUnknownClientCount(actor),
    readTopFindings(actor, scope, TOP_FINDINGS),
  ]);
  return (
    <>
      <PageHeader {...pageHeaders["/dashboard"]} />
      <GettingStarted role={actor.role} basics={basics} />
      <OpenFindings
        items={findings.items}
        open={findings.open}
        capped={findings.open > FINDING_COUNT_CAP}
        canRotate={can(actor.role, "rotation:write")}
        canReview={can(actor.role, "review:write")}
        now={new Date()}
        href={`/findings${scope.teamId ? `?teamId=${scope.teamId}` : ""}${scope.environment ? `${scope.teamId ? "&" : "?"}environment=${scope.environment}` : ""}`}
      />
      <DashboardView
        initialState={{ teamId: values.teamId ?? null, environment: values.environment ?? null, sort: values.sort, dir: values.dir }}
        initial={toDashboardDto(dashboard)}
        initialTrends={trends}
        teams={teams}
        unknownClients={unknownClients}
      />
    </>
  );
}
