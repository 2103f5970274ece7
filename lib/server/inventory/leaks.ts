import "server-only";
import type { Db } from "@/db/client";
import { findSecretsByFingerprint } from "@/db/queries/credentials";
import { recordAuditEvent } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { fingerprintOf } from "../fingerprint";

/** Leak lookup (DESIGN §4.4): the pasted value becomes a fingerprint here and goes no further. */
export async function lookupLeak(db: Db, ctx: RequestContext, value: string) {
  const matches = await findSecretsByFingerprint(db, fingerprintOf(value));
  // Who looked, and what they found — never what they pasted.
  await recordAuditEvent(db, auditContext(ctx), { action: "leak.lookup", payload: { matches: matches.map((m) => m.secretId) } });
  return { matches };
}
