"use client";

import { Link } from "@/components/ui/link";
import { useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";

/** An asOf value as people read it: the day when it is a day, else the instant in UTC to the minute. */
export function asOfLabel(asOf: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return asOf;
  const at = new Date(asOf);
  return Number.isNaN(at.getTime()) ? asOf : `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The notice over a view of the past (DESIGN §8.6): what instant it shows, and that nothing here can be changed. */
export function AsOfBanner({ asOf, what, problem, nowHref }: { asOf: string; what: string; problem?: string | null; nowHref?: string }) {
  return (
    <div role="status" data-testid="as-of-banner" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">
        Showing {what} as it was on {asOfLabel(asOf)} — read-only
      </p>
      {problem ? <p className="mt-1">{problem}</p> : <p className="mt-1">Reconstructed from the record history; links open records as they are now.</p>}
      {nowHref ? (
        <p className="mt-1">
          <Link className="underline" href={nowHref}>
            Show {what} now
          </Link>
        </p>
      ) : null}
    </div>
  );
}

/** "Add a credential", unless the view shows the past (the table rewrites the URL in place, so this follows it). */
export function InventoryHeaderActions({ canCreate }: { canCreate: boolean }) {
  const searchParams = useSearchParams();
  if (!canCreate || searchParams.get("asOf")) return null;
  return (
    <Button asChild>
      <Link href="/inventory/new">Add a credential</Link>
    </Button>
  );
}
