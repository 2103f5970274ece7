import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listPeople, listTeams } from "@/db/queries/org";
import { listApis } from "@/db/queries/registry";
import { CampaignForm } from "@/components/lifecycle/campaign-form";
import { PageHeader } from "@/components/ui/layout";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "New review campaign · Steward" };

const OPTION_LIMIT = 200;

export default async function NewCampaignPage() {
  await requirePage("/reviews/campaigns/new");
  const db = await getDb();
  const [teams, people, apis] = await Promise.all([listTeams(db, { limit: OPTION_LIMIT }), listPeople(db, { active: true, limit: OPTION_LIMIT }), listApis(db, { limit: OPTION_LIMIT })]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/reviews" className="text-brand-700 hover:underline">
          ← Reviews & campaigns
        </Link>
      </nav>
      <PageHeader title="New review campaign" description="Every active credential matching the filter gets a review task for its owner, who is notified. The filters mean what they mean in the inventory." />
      <CampaignForm
        teams={teams.items.map((t) => ({ id: t.id, name: t.name }))}
        people={people.items.map((p) => ({ id: p.id, name: p.name }))}
        apis={apis.items.map((a) => ({ id: a.id, name: a.name }))}
      />
    </>
  );
}
