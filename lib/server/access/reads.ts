import "server-only";
import { listCredentialGrantDecisions, listGrantQueue } from "@/db/queries/access";
import { canEditRecord } from "@/lib/authz/ownership";
import { decideRefusal, GRANT_REVIEW_DUE_SOON_DAYS, reviewRefusal, revokeRefusal, type DecisionActor } from "@/lib/domain/access-decisions";
import { credentials } from "@/db/schema";
import { eq } from "drizzle-orm";
import type { Actor } from "../context";
import { readerDb } from "../reads";
import { actorFacts } from "../inventory/facts";
import type { Db } from "@/db/client";

/** What the viewer may do to each grant: the same pure rules the decision services apply. */
async function viewerOf(db: Db, actor: Actor) {
  const facts = await actorFacts(db, { actor, requestId: "", ip: null, origin: "" });
  const decider: DecisionActor = { role: actor.role, userId: actor.userId, teamIds: facts.teamIds };
  return { facts, decider };
}

/** The Access tab's decisions: each grant with its status, approver, dates and the viewer's actions, and the history. */
export async function credentialAccessDecisions(db: Db, actor: Actor, credentialId: string) {
  const { facts, decider } = await viewerOf(db, actor);
  const [credential] = await db
    .select({ owningTeamId: credentials.owningTeamId, ownerId: credentials.ownerId, backupOwnerId: credentials.backupOwnerId, sdkOwnerId: credentials.sdkOwnerId, status: credentials.status })
    .from(credentials)
    .where(eq(credentials.id, credentialId));
  if (!credential) return null;
  const { grants, history } = await listCredentialGrantDecisions(db, credentialId);
  const live = credential.status !== "decommissioned";
  const editsCredential = canEditRecord(facts, credential);
  return {
    grants: grants.map((g) => ({
      ...g,
      actions: {
        decide: live && decideRefusal(decider, { status: g.status, apiTeamId: g.apiTeamId, requestedById: g.requestedById }) === null,
        review: live && reviewRefusal(decider, { status: g.status, apiTeamId: g.apiTeamId, requestedById: g.requestedById }) === null,
        revoke: live && revokeRefusal(decider, { status: g.status, apiTeamId: g.apiTeamId, requestedById: g.requestedById }, editsCredential) === null,
      },
    })),
    history,
  };
}

export async function readCredentialAccessDecisions(actor: Actor, credentialId: string) {
  return credentialAccessDecisions(await readerDb(actor, "inventory:read"), actor, credentialId);
}

/** My queue's access section: requests waiting for my teams' APIs and their due re-reviews (all APIs for security/admin). */
export async function readGrantQueue(actor: Actor, limit = 50, now = new Date()) {
  const db = await readerDb(actor, "queue:read");
  const { decider } = await viewerOf(db, actor);
  const governor = actor.role === "admin" || actor.role === "security";
  if (!governor && actor.role !== "member") return [];
  const rows = await listGrantQueue(db, { teamIds: governor ? null : [...decider.teamIds], dueBy: new Date(now.getTime() + GRANT_REVIEW_DUE_SOON_DAYS * 86_400_000), limit });
  return rows.map((g) => ({
    ...g,
    actions: {
      decide: decideRefusal(decider, { status: g.status, apiTeamId: g.apiTeamId, requestedById: g.requestedById }) === null,
      review: reviewRefusal(decider, { status: g.status, apiTeamId: g.apiTeamId, requestedById: g.requestedById }) === null,
    },
  }));
}
