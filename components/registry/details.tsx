import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form";
import { Badge, Card } from "@/components/ui/layout";
import { GrantStatusBadge } from "@/components/access/grant-decisions-panel";
import { labelOf, statusLabels } from "@/components/inventory/labels";
import { environmentLabel } from "./labels";

/** A read-only record: label → value rows; empty values read "Not set". */
export function DetailList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
      {items.map(({ label, value }) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-600">{label}</dt>
          <dd className="break-words text-slate-900">{value === null || value === undefined || value === "" ? <span className="text-slate-500">Not set</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{children}</code>;
}

export function ValueList({ values, empty = "None advertised" }: { values: string[]; empty?: string }) {
  if (values.length === 0) return <span className="text-slate-500">{empty}</span>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {values.map((v) => (
        <li key={v}>
          <Mono>{v}</Mono>
        </li>
      ))}
    </ul>
  );
}

const statusTone = (s: string) => (s === "active" ? "green" : s === "suspended" ? "amber" : "slate");

/** The credentials that depend on a registry record: what a change here affects. */
export function DependentCredentialsCard({
  title,
  empty,
  data,
  moreHref,
}: {
  title: string;
  empty: string;
  data: { total: number; items: { id: string; name: string; environment: string; status: string; grantStatus?: string }[] };
  moreHref?: string;
}) {
  return (
    <Card className="mt-6">
      <h2 className="text-base font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-500">({data.total})</span>
      </h2>
      {data.items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {data.items.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <Link className="font-medium text-brand-700 hover:underline" href={`/inventory/${c.id}`}>
                {c.name}
              </Link>
              <span className="flex gap-2">
                {c.grantStatus && c.grantStatus !== "approved" ? <GrantStatusBadge status={c.grantStatus} /> : null}
                <Badge>{environmentLabel(c.environment)}</Badge>
                <Badge tone={statusTone(c.status)}>{labelOf(statusLabels, c.status)}</Badge>
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.total > data.items.length ? (
        <p className="mt-2 text-sm text-slate-600">
          {moreHref ? (
            <Link className="text-brand-700 underline" href={moreHref}>
              and {data.total - data.items.length} more in the inventory
            </Link>
          ) : (
            <>and {data.total - data.items.length} more</>
          )}
        </p>
      ) : null}
    </Card>
  );
}

/** For someone who holds the write permission but not this record (DESIGN §2): who can edit it instead. */
export function NotYourRecordNotice({ teamName, what }: { teamName: string | null; what: string }) {
  return (
    <div className="mb-4">
      <FormMessage kind="info">
        Only members of {teamName ?? "the owning team"}, security and admins can edit this {what}.
      </FormMessage>
    </div>
  );
}
