import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/lib/server/context";
import type { Role } from "@/lib/authz/permissions";

export function contextAs(role: Role | null, userId: string = randomUUID()): RequestContext {
  return {
    requestId: randomUUID(),
    ip: "127.0.0.1",
    origin: "http://localhost:3000",
    actor: role ? { userId, email: `${role}@example.test`, name: `Test ${role}`, role } : null,
  };
}
