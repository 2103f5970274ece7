import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/lib/server/context";
import type { Role } from "@/lib/authz/permissions";

type ContextOptions = { userId?: string; email?: string };

/**
 * A request context for a signed-in user of `role` (or anonymous for null). Record-level rules
 * find the actor's person by email (DESIGN §3.1): pass `email` to act as a person you created.
 */
export function contextAs(role: Role | null, userIdOrOptions: string | ContextOptions = {}): RequestContext {
  const options = typeof userIdOrOptions === "string" ? { userId: userIdOrOptions } : userIdOrOptions;
  const userId = options.userId ?? randomUUID();
  return {
    requestId: randomUUID(),
    ip: "127.0.0.1",
    origin: "http://localhost:3000",
    actor: role ? { userId, email: options.email ?? `${role}@example.test`, name: `Test ${role}`, role } : null,
  };
}
