import { Pencil } from "lucide-react";
import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({ className, children }: { className?: string; children: ReactNode }) {
  return <section className={cn("rounded-lg border border-slate-200 bg-white p-5 shadow-xs", className)}>{children}</section>;
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h2 className="text-base font-semibold text-slate-800">{title}</h2>
      {children ? <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">{children}</p> : null}
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  );
}

export type BadgeTone = "slate" | "green" | "red" | "amber" | "blue" | "orange" | "critical";

export function Badge({ tone = "slate", children }: { tone?: BadgeTone; children: ReactNode }) {
  const tones = {
    slate: "bg-slate-100 text-slate-700",
    green: "bg-emerald-100 text-emerald-800",
    red: "bg-red-100 text-red-800",
    amber: "bg-amber-100 text-amber-800",
    blue: "bg-brand-100 text-brand-700",
    orange: "bg-orange-100 text-orange-900",
    // Solid, so critical stands apart from high (orange) at a glance, not only by its word.
    critical: "bg-red-700 text-white",
  } as const;
  return <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", tones[tone])}>{children}</span>;
}

/** The frame every table shares: a scrolling card, a caption for screen readers, a header row and a body. */
export function TableFrame({ caption, header, testId, children }: { caption: string; header: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>{header}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export const thClass = (dense: boolean) => cn("px-4 py-2.5 text-left font-medium text-slate-600", dense && "whitespace-nowrap px-3");

/**
 * A table of fixed headings over rows the caller writes (detail pages, panels). Lists of records use
 * ListTable (components/ui/list-table), which adds columns as data, sortable headings, the empty state and paging.
 * `dense`: tighter cells and one-line headings, for tables with many columns.
 */
export function DataTable({ caption, head, dense = false, children }: { caption: string; head: readonly string[]; dense?: boolean; children: ReactNode }) {
  const header = head.map((h) => (
    <th key={h} scope="col" className={thClass(dense)}>
      {h}
    </th>
  ));
  return (
    <TableFrame caption={caption} header={header}>
      {children}
    </TableFrame>
  );
}

export function Td({ className, dense = false, children }: { className?: string; dense?: boolean; children: ReactNode }) {
  return <td className={cn("px-4 py-2.5 align-top text-slate-800", dense && "px-3", className)}>{children}</td>;
}

/** The breadcrumb back to a detail page's list ("← Findings"). */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <Link href={href} className="text-brand-700 hover:underline">
        ← {children}
      </Link>
    </nav>
  );
}

/** A page section named by its heading (screen readers list it as a region with that name). */
export function TitledSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Record pages open as read views; `?edit=1` shows the form (issue 16 item 7). */
export const EDIT_PARAM = "edit";
export const isEditing = (searchParams: Record<string, string | string[] | undefined>): boolean => searchParams[EDIT_PARAM] === "1";

/** A read view's Edit action, or, while editing, the way back to the read view without saving. */
export function EditAction({ href, editing, what }: { href: string; editing: boolean; what: string }) {
  return editing ? (
    <Button asChild variant="secondary">
      <Link href={href}>Cancel editing</Link>
    </Button>
  ) : (
    <Button asChild variant="secondary">
      <Link href={`${href}?${EDIT_PARAM}=1`} aria-label={`Edit ${what}`}>
        <Pencil className="h-4 w-4" aria-hidden />
        Edit
      </Link>
    </Button>
  );
}

/** One term and its value in a summary `<dl>`: the label muted above, the value below. */
export function DetailItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-1 font-medium">{children}</dd>
    </div>
  );
}
