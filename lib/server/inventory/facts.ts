import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { people, teamMembers } from "@/db/schema";
import type { ActorFacts } from "@/lib/authz/ownership";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "../context";

/** The actor's person (linked by email, DESIGN §3.1) and team memberships, for record-level checks. */
export async function actorFacts(db: Queryable, ctx: RequestContext): Promise<ActorFacts> {
  const actor = ctx.actor;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  const rows = await db
    .select({ personId: people.id, teamId: teamMembers.teamId })
    .from(people)
    .leftJoin(teamMembers, eq(teamMembers.personId, people.id))
    .where(eq(people.email, actor.email));
  return {
    role: actor.role,
    personId: rows[0]?.personId ?? null,
    teamIds: new Set(rows.flatMap((r) => (r.teamId ? [r.teamId] : []))),
  };
}

export function denyRecord(message: string): AppError {
  return new AppError("FORBIDDEN", message);
}
