import { endpoints } from "@/lib/api/endpoints";
import { stewardCatalog } from "@/lib/domain/exports/oscal-catalogs";
import { securityHeaders } from "@/lib/server/http";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** One of Steward's own OSCAL catalogs (issue 15): the stable href the OSCAL exports cite. */
export const GET = route(endpoints.getOscalCatalog, ({ params }) =>
  Promise.resolve(new Response(JSON.stringify(stewardCatalog(params.catalog)), { headers: { ...securityHeaders, "Content-Type": "application/oscal.catalog+json; charset=utf-8" } })),
);
