import { eq } from "drizzle-orm";
import { credentials } from "@/db/schema";
import { listFindingsOfCredential } from "@/db/queries/findings";
import { endpoints } from "@/lib/api/endpoints";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.listCredentialFindings, async ({ db, params }) => {
  const [credential] = await db.select({ id: credentials.id }).from(credentials).where(eq(credentials.id, params.id));
  if (!credential) throw notFound("Credential");
  return listFindingsOfCredential(db, params.id);
});
