import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { controlRowsForCredentials } from "@/db/queries/controls";
import { listFindingsOfCredential } from "@/db/queries/findings";
import { getReviewState, listReviewsOf } from "@/db/queries/reviews";
import { getRotationRequest, listRotationRequests, openRotationRequestOf } from "@/db/queries/rotations";
import { findings } from "@/db/schema";
import type { ActorFacts } from "@/lib/authz/ownership";
import { can } from "@/lib/authz/permissions";
import { reviewFollowUpRuleIds, reviewFollowUpRules } from "@/lib/server/lifecycle/follow-ups";
import { canReview } from "@/lib/server/lifecycle/reviews";
import { presentRotationDetail, presentRotationRequest, rotationActionsOf } from "@/lib/server/lifecycle/rotation-views";
import { rotationRequestFilters } from "@/lib/validation/rotation";
import type { Actor } from "../context";
import { readerDb } from "../reads";

/**
 * Reads behind a credential page's Lifecycle and "Findings & controls" tabs: the data access layer
 * for those server components. Each read checks the viewer may read the inventory (the page guard
 * did too, but a component can be rendered from elsewhere) and returns plain DTOs, so components
 * never see the database or a row shape.
 */
export type CredentialViewer = {
  actor: Actor;
  facts: ActorFacts;
  /** The viewer may edit this credential (role + record rules). */
  mayEdit: boolean;
  decommissioned: boolean;
};

const ROTATIONS_SHOWN = 10;
const REVIEWS_SHOWN = 20;

/** Open (and excepted) findings, the latest resolved ones, and whether the viewer may reassign a departed owner's credentials. */
export async function readCredentialFindings(actor: Actor, credentialId: string) {
  const { open, resolved } = await listFindingsOfCredential(await readerDb(actor, "inventory:read"), credentialId);
  return { open, resolved, mayReassign: can(actor.role, "ownership:manage") };
}

/** The open rotation request with the actions the viewer may take, past requests, and whether the viewer may request one. */
export async function readCredentialRotations(viewer: CredentialViewer, credentialId: string, now: Date = new Date()) {
  const db = await readerDb(viewer.actor, "inventory:read");
  const { actor, facts, mayEdit, decommissioned } = viewer;
  const openRequest = await openRotationRequestOf(db, credentialId);
  const [detail, history] = await Promise.all([
    openRequest ? getRotationRequest(db, openRequest.id) : Promise.resolve(undefined),
    listRotationRequests(db, rotationRequestFilters.parse({ credentialId, limit: String(ROTATIONS_SHOWN + 1) })),
  ]);
  const rotationActor = can(actor.role, "rotation:write") ? { userId: actor.userId, personId: facts.personId, role: actor.role, canEditCredential: mayEdit } : null;
  return {
    open: detail ? presentRotationDetail(detail, rotationActionsOf(detail, rotationActor, now)) : null,
    past: history.items.filter((r) => r.id !== openRequest?.id).slice(0, ROTATIONS_SHOWN).map(presentRotationRequest),
    hasMore: history.items.length > ROTATIONS_SHOWN,
    mayRequest: rotationActor !== null && mayEdit && !decommissioned && !openRequest,
  };
}

/** Review state, recent reviews, a pending revoke decision, and what the viewer may do; null for an unknown credential. */
export async function readCredentialReviews(viewer: CredentialViewer, credentialId: string) {
  const db = await readerDb(viewer.actor, "inventory:read");
  const [state, page, pending] = await Promise.all([
    getReviewState(db, credentialId),
    listReviewsOf(db, credentialId, { limit: REVIEWS_SHOWN }),
    db
      .select({ ruleId: findings.ruleId })
      .from(findings)
      .where(and(eq(findings.credentialId, credentialId), inArray(findings.ruleId, reviewFollowUpRuleIds), inArray(findings.status, ["open", "excepted"]))),
  ]);
  if (!state) return null;
  const { ownerId: _owner, backupOwnerId: _backup, taskAssigneeIds, ...shown } = state;
  return {
    state: shown,
    reviews: page.items,
    hasMore: page.nextCursor !== null,
    shownLimit: REVIEWS_SHOWN,
    revokePending: pending.some((f) => f.ruleId === reviewFollowUpRules.revoke.id),
    scopePending: pending.some((f) => f.ruleId === reviewFollowUpRules.reduce_scope.id),
    mayReview: !viewer.decommissioned && can(viewer.actor.role, "review:write") && canReview(viewer.facts, state, taskAssigneeIds),
    mayDecommission: !viewer.decommissioned && viewer.mayEdit,
  };
}

/** Live findings (with how to fix) and the credential's controls with status and evidence. */
export async function readCredentialControls(actor: Actor, credentialId: string) {
  const db = await readerDb(actor, "inventory:read");
  const [{ open }, rows] = await Promise.all([listFindingsOfCredential(db, credentialId), controlRowsForCredentials(db, [credentialId])]);
  return { open, controls: rows.get(credentialId) ?? [], mayAcceptRisk: can(actor.role, "exception:manage") };
}
