import "server-only";
import type { AuditContext } from "@/db/queries/audit";
import type { Role } from "@/lib/authz/permissions";

/** Who is acting, re-read from the database on every request (role and active flag are never trusted from the JWT). */
export type Actor = { userId: string; email: string; name: string; role: Role };

export type RequestContext = {
  /** The server's own id (proxy.ts): a client cannot choose it. */
  requestId: string;
  /** The client's own X-Request-Id, when it sent a well-formed one: stored apart, never as requestId. */
  clientRequestId?: string | null;
  ip: string | null;
  /** The public origin of this deployment, for links shown to users. */
  origin: string;
  actor: Actor | null;
  /** Set when the request authenticated with an API token rather than a session (DESIGN §8.1). */
  via?: { tokenId: string; prefix: string; readOnly: boolean };
};

/** The system actor of scheduled jobs (expiry, sweeps): audit events of work no user asked for. */
export const schedulerAuditContext: AuditContext = { actor: { type: "system", id: null, label: "scheduler" }, requestId: null, ip: null };

export function auditContext(ctx: RequestContext): AuditContext {
  return {
    // A token acts as its user (same id, so "what did this user do" finds both), labelled with the token.
    actor: ctx.actor
      ? ctx.via
        ? { type: "api_token", id: ctx.actor.userId, label: `${ctx.actor.email} (API token ${ctx.via.prefix})` }
        : { type: "user", id: ctx.actor.userId, label: ctx.actor.email }
      : { type: "anonymous", id: null, label: "anonymous" },
    requestId: ctx.requestId,
    clientRequestId: ctx.clientRequestId ?? null,
    ip: ctx.ip,
  };
}
