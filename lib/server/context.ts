import type { AuditContext } from "@/db/queries/audit";
import type { Role } from "@/lib/authz/permissions";

/** Who is acting, re-read from the database on every request (role and active flag are never trusted from the JWT). */
export type Actor = { userId: string; email: string; name: string; role: Role };

export type RequestContext = {
  requestId: string;
  ip: string | null;
  /** The public origin of this deployment, for links shown to users. */
  origin: string;
  actor: Actor | null;
};

export function auditContext(ctx: RequestContext): AuditContext {
  return {
    actor: ctx.actor
      ? { type: "user", id: ctx.actor.userId, label: ctx.actor.email }
      : { type: "anonymous", id: null, label: "anonymous" },
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
}
