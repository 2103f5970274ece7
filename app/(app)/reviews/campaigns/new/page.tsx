import type { Metadata } from "next";
import Link from "next/link";
import { CampaignForm } from "@/components/lifecycle/campaign-form";
import { PageHeader } from "@/components/ui/layout";
import { readCampaignScopeChoices } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New review campaign · Steward" };

const OPTION_LIMIT = 200;

export default async function NewCampaignPage() {
  const { actor } = await requirePage("/reviews/campaigns/new");
  const { teams, people, apis } = await readCampaignScopeChoices(actor, OPTION_LIMIT);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/reviews" className="text-brand-700 hover:underline">
          ← Reviews & campaigns
        </Link>
      </nav>
      <PageHeader title="New review campaign" description="Every active credential matching the filter gets a review task for its owner, who is notified. The filters mean what they mean in the inventory." />
      <CampaignForm
        teams={teams}
        people={people}
        apis={apis}
      />
    </>
  );
}
