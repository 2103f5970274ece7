import "server-only";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { can, type Permission } from "@/lib/authz/permissions";
import { forbidden } from "@/lib/errors";
import type { Actor } from "./context";

/**
 * The first step of every read function (the data access layer pages read through): the viewer's
 * role must allow the read. The page guard checked too, but a read function can be called from
 * another page or component, so it checks again rather than trusting its caller.
 */
export async function readerDb(actor: Actor, permission: Permission): Promise<Db> {
  if (!can(actor.role, permission)) throw forbidden();
  return getDb();
}
