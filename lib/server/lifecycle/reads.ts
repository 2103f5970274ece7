import "server-only";
import { campaignFilterNames, getCampaign, listCampaignFollowUps, listCampaigns, listCampaignTasks } from "@/db/queries/campaigns";
import { getIncident, incidentOwnersOf, listIncidents } from "@/db/queries/incidents";
import { getQueue, queueViewerOf } from "@/db/queries/queue";
import { listPeople, listTeams } from "@/db/queries/org";
import { listApis } from "@/db/queries/registry";
import { listMyReviewTasks, listReviewsOverdue } from "@/db/queries/reviews";
import { getRotationRequest, listRotationRequests } from "@/db/queries/rotations";
import { hasUsageEvidence, usageDays } from "@/db/queries/usage";
import { can } from "@/lib/authz/permissions";
import { containmentSteps } from "@/lib/domain/incident-containment";
import type { Actor, RequestContext } from "../context";
import { scopeChips } from "../filter-chips";
import { actorFacts } from "../inventory/facts";
import { readerDb } from "../reads";
import { presentIncident } from "./incidents";
import { presentRotationDetail, presentRotationRequest, rotationActionsFor } from "./rotation-views";

/**
 * Reads behind the lifecycle pages (incidents, rotations, reviews and campaigns): each checks the
 * viewer's role first and returns the same DTOs the API answers with; a rotation request comes with
 * the actions this viewer may take on it (role and record rights, lib/domain/rotation).
 */
type Viewer = RequestContext & { actor: Actor };

export async function readIncidents(actor: Actor, filters: Parameters<typeof listIncidents>[1]) {
  const db = await readerDb(actor, "inventory:read");
  const [page, chips] = await Promise.all([listIncidents(db, filters), scopeChips(db, filters)]);
  return { items: page.items.map(presentIncident), nextCursor: page.nextCursor, chips };
}

export async function readIncident(actor: Actor, id: string) {
  const row = await getIncident(await readerDb(actor, "inventory:read"), id);
  return row ? presentIncident(row) : null;
}

/**
 * The incident page: the incident, who answers for the credential, its emergency rotation with the
 * viewer's actions (the rotation page's own), use reported since the day of detection (the daily
 * rollups) and the containment steps those records settle.
 */
export async function readIncidentPage(viewer: Viewer, id: string, now: Date = new Date()) {
  const db = await readerDb(viewer.actor, "inventory:read");
  const row = await getIncident(db, id);
  if (!row) return null;
  const incident = presentIncident(row);
  const [owners, rotationRow, days, hasEvidence] = await Promise.all([
    incidentOwnersOf(db, incident.credential.id),
    incident.rotationRequest ? getRotationRequest(db, incident.rotationRequest.id) : Promise.resolve(undefined),
    usageDays(db, incident.credential.id, incident.detectedAt),
    hasUsageEvidence(db, incident.credential.id),
  ]);
  const rotation = rotationRow ? presentRotationDetail(rotationRow, await rotationActionsFor(db, viewer, rotationRow, can(viewer.actor.role, "rotation:write"), now)) : null;
  const usage = { allowed: days.reduce((n, d) => n + d.allowed, 0), denied: days.reduce((n, d) => n + d.denied, 0), hasEvidence };
  const steps = containmentSteps({
    incidentStatus: incident.status,
    rotationState: rotation?.state ?? null,
    secretStatus: incident.secret.status,
    allowedSinceLeak: hasEvidence ? usage.allowed : null,
  });
  return { incident, owners, rotation, usage, steps };
}

export async function readRotationRequests(actor: Actor, filters: Parameters<typeof listRotationRequests>[1]) {
  const db = await readerDb(actor, "inventory:read");
  const [page, chips] = await Promise.all([listRotationRequests(db, filters), scopeChips(db, filters)]);
  return { items: page.items.map(presentRotationRequest), nextCursor: page.nextCursor, chips };
}

export async function readRotationRequest(viewer: Viewer, id: string) {
  const db = await readerDb(viewer.actor, "inventory:read");
  const detail = await getRotationRequest(db, id);
  if (!detail) return null;
  return presentRotationDetail(detail, await rotationActionsFor(db, viewer, detail, can(viewer.actor.role, "rotation:write")));
}

/** The reviews page: campaigns, the viewer's own review tasks and the most overdue reviews. */
export async function readReviewsOverview(viewer: Viewer, filters: Parameters<typeof listCampaigns>[1], overdueShown: number, now: Date = new Date()) {
  const db = await readerDb(viewer.actor, "inventory:read");
  const facts = await actorFacts(db, viewer);
  const [campaigns, myTasks, overdue] = await Promise.all([
    listCampaigns(db, filters),
    facts.personId ? listMyReviewTasks(db, facts.personId) : Promise.resolve([]),
    listReviewsOverdue(db, now, overdueShown),
  ]);
  return { campaigns, myTasks, overdue };
}

/** The new-campaign form's scope choices (campaign:manage only). */
export async function readCampaignScopeChoices(actor: Actor, limit: number) {
  const db = await readerDb(actor, "campaign:manage");
  const [teams, people, apis] = await Promise.all([listTeams(db, { limit }), listPeople(db, { active: true, limit }), listApis(db, { limit })]);
  const choice = (r: { id: string; name: string }) => ({ id: r.id, name: r.name });
  return { teams: teams.items.map(choice), people: people.items.map(choice), apis: apis.items.map(choice) };
}

/** A campaign with a page of its tasks, its filter's names and its follow-ups; null when unknown. */
export async function readCampaign(actor: Actor, id: string, tasks: Parameters<typeof listCampaignTasks>[2]) {
  const db = await readerDb(actor, "inventory:read");
  const campaign = await getCampaign(db, id);
  if (!campaign) return null;
  const [page, names, followUps] = await Promise.all([listCampaignTasks(db, id, tasks), campaignFilterNames(db, campaign.filter), listCampaignFollowUps(db, id)]);
  return { campaign, tasks: page, names, followUps };
}

/** The viewer's own queue: what is due for them, waits for their approval, or is assigned to them. */
export async function readQueue(actor: Actor) {
  const db = await readerDb(actor, "queue:read");
  return getQueue(db, await queueViewerOf(db, actor));
}
