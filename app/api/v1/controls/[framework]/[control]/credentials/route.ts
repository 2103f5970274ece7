import { failingCredentials } from "@/db/queries/controls";
import { endpoints } from "@/lib/api/endpoints";
import { findControl } from "@/lib/domain/catalog/frameworks";
import { notFound } from "@/lib/errors";
import { presentControl } from "@/lib/server/governance/controls";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listControlFailures, async ({ db, params, query }) => {
  const control = findControl(params.framework, params.control);
  if (!control) throw notFound("Control");
  const page = await failingCredentials(db, control, query, query.cursor, query.limit);
  return { control: presentControl(control), ...page };
});
