import type { Metadata } from "next";
import { QueueView } from "@/components/queue/queue-view";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { readQueue } from "@/lib/server/lifecycle/reads";
import { requirePage } from "@/lib/server/page-guard";
import { readGrantQueue } from "@/lib/server/access/reads";
import { GrantQueue } from "@/components/access/grant-queue";
import { queueDto } from "@/lib/validation/queue";

export const metadata: Metadata = { title: "My queue · Steward" };

export default async function QueuePage() {
  const { actor } = await requirePage("/queue");
  const queue = await readQueue(actor);
  // The same wire shape GET /api/v1/queue answers (dates as ISO strings), so the client can refresh it.
  const initial = queueDto.parse(JSON.parse(JSON.stringify(queue)));
  return (
    <>
      <PageHeader {...pageHeaders["/queue"]} />
      <QueueView initial={initial} />
      <GrantQueue items={await readGrantQueue(actor)} now={new Date()} />
    </>
  );
}
