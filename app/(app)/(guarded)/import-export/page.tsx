import type { Metadata } from "next";
import { Download } from "lucide-react";
import { InventoryImport } from "@/components/import-export/inventory-import";
import { buttonVariants } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { can } from "@/lib/authz/permissions";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Import & export · Steward" };

export default async function ImportExportPage() {
  const { actor } = await requirePage("/import-export");
  const mayImport = can(actor.role, "inventory:import");
  return (
    <>
      <PageHeader
      {...pageHeaders["/import-export"]}
      />
      <div className="space-y-6">
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Export</h2>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            JSON holds people, teams, authorization servers, APIs with scopes, applications and credentials with grants and secret metadata. CSV holds one row per
            credential. Secret values are never stored, so they are never exported.
          </p>
          <div className="mt-4 flex flex-wrap gap-3">
            <a href="/api/v1/inventory/export?format=json" download className={buttonVariants({ variant: "secondary" })} data-testid="export-json">
              <Download className="h-4 w-4" aria-hidden="true" /> Export JSON
            </a>
            <a href="/api/v1/inventory/export?format=csv" download className={buttonVariants({ variant: "secondary" })} data-testid="export-csv">
              <Download className="h-4 w-4" aria-hidden="true" /> Export credentials CSV
            </a>
          </div>
        </Card>
        <Card>
          <h2 className="text-base font-semibold text-slate-900">Import</h2>
          {mayImport ? (
            <InventoryImport />
          ) : (
            <p className="mt-1 text-sm text-slate-600" data-testid="import-not-allowed">
              Only admin and security users can import. You can export the inventory above.
            </p>
          )}
        </Card>
        <p className="text-sm text-slate-600">
          The format, with a complete example, is described in Steward&apos;s documentation under “Inventory file format”.
        </p>
      </div>
    </>
  );
}
