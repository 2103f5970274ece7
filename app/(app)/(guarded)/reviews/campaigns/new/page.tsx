import type { Metadata } from "next";
import { CampaignForm } from "@/components/lifecycle/campaign-form";
import { BackLink, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { readCampaignScopeChoices } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New review campaign · Steward" };

const OPTION_LIMIT = 200;

export default async function NewCampaignPage() {
  const { actor } = await requirePage("/reviews/campaigns/new");
  const { teams, people, apis } = await readCampaignScopeChoices(actor, OPTION_LIMIT);
  return (
    <>
      <BackLink href="/reviews">Reviews &amp; campaigns</BackLink>
      <PageHeader {...pageHeaders["/reviews/campaigns/new"]} />
      <CampaignForm
        teams={teams}
        people={people}
        apis={apis}
      />
    </>
  );
}
