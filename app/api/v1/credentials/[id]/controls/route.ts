import { controlRowsForCredentials } from "@/db/queries/controls";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { presentControl } from "@/lib/server/governance/controls";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getCredentialControls, async ({ db, params }) => {
  const rows = (await controlRowsForCredentials(db, [params.id])).get(params.id);
  if (!rows) throw notFound("Credential");
  return { items: rows.map((r) => ({ control: presentControl(r.control), status: r.status, evidence: r.evidence.map(({ id, ruleId, status, severity }) => ({ id, ruleId, status, severity })) })) };
});
