import { Link } from "@/components/ui/link";
import { SeverityBadge } from "@/components/queue/severity-badge";
import { ListTable } from "@/components/ui/list-table";
import { findingAge } from "@/lib/domain/finding-summary";
import { FindingNextAction } from "./finding-next-action";

type Item = {
  id: string;
  ruleId: string;
  ruleTitle: string;
  severity: "critical" | "high" | "medium" | "low";
  openedAt: Date;
  credential: { id: string; name: string; environment: string; teamName: string | null };
};

/**
 * The Overview's open findings, most severe first, each with its next action inline (issue 16 item 4). They
 * follow the scope (team, environment) the page was opened with; `href` is the findings list of that scope.
 */
export function OpenFindings({ items, open, capped, canRotate, canReview, now, href }: { items: readonly Item[]; open: number; capped: boolean; canRotate: boolean; canReview: boolean; now: Date; href: string }) {
  return (
    <section aria-labelledby="open-findings-title" className="mb-6" data-testid="overview-findings">
      <div className="mb-2 flex items-baseline justify-between gap-4">
        <h2 id="open-findings-title" className="text-lg font-semibold text-fg">
          Open findings <span className="text-sm font-normal text-fg-muted">({capped ? `${open.toLocaleString("en")}+` : open.toLocaleString("en")})</span>
        </h2>
        <Link className="text-sm text-brand-700 underline" href={href}>
          All findings
        </Link>
      </div>
      <ListTable
        caption="The most pressing open findings and what to do next"
        dense
        columns={[
          { header: "Severity", cell: (f) => <SeverityBadge severity={f.severity} /> },
          {
            header: "Finding",
            rowHeader: true,
            cell: (f) => (
              <Link className="font-medium text-brand-700 underline" href={`/findings/${f.id}`}>
                {f.ruleTitle}
              </Link>
            ),
          },
          {
            header: "Credential",
            cell: (f) => (
              <Link className="text-brand-700 underline" href={`/inventory/${f.credential.id}`}>
                {f.credential.name}
              </Link>
            ),
          },
          { header: "Open for", className: "whitespace-nowrap", cell: (f) => findingAge(f.openedAt, now) },
          {
            header: "Next action",
            cell: (f) => <FindingNextAction finding={{ id: f.id, ruleId: f.ruleId, credentialId: f.credential.id, credentialName: f.credential.name }} canRotate={canRotate} canReview={canReview} />,
          },
        ]}
        rows={items}
        rowKey={(f) => f.id}
        rowTestId="overview-finding"
        rowData={(f) => ({ "data-rule": f.ruleId })}
        empty={{ title: "No open findings", children: "Every rule that applies passes across the inventory." }}
      />
    </section>
  );
}
