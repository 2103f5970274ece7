import type { Metadata } from "next";
import { LeakLookupForm } from "@/components/inventory/leak-lookup-form";
import { PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Leak lookup · Steward" };

export default async function LeakLookupPage() {
  await requirePage("/leak-lookup");
  return (
    <>
      <PageHeader
      {...pageHeaders["/leak-lookup"]}
      />
      <div className="mb-6 max-w-2xl space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4 text-sm text-brand-700">
        <p className="font-semibold">How the value is handled</p>
        <p>
          The value is sent once over this connection, turned into a keyed fingerprint (HMAC-SHA256 with this deployment&apos;s secret pepper) and compared with the fingerprints
          recorded for secrets. The value itself is never stored, logged or shown again; the audit log records only that you looked, and which secrets matched.
        </p>
      </div>
      <LeakLookupForm />
    </>
  );
}
