import "server-only";
import { eq } from "drizzle-orm";
import { controlCoverage, failingCredentials } from "@/db/queries/controls";
import { countFindingsByStatus, getFinding, listFindings } from "@/db/queries/findings";
import { listPeople, listTeams } from "@/db/queries/org";
import { credentials, findings } from "@/db/schema";
import type { FrameworkId } from "@/lib/domain/catalog/types";
import { findingFilters } from "@/lib/validation/governance";
import type { Actor } from "../context";
import { readAt } from "../as-of";
import { readerDb } from "../reads";
import { coverageReport } from "./controls";
import { listExceptions } from "./exceptions";

/**
 * Reads behind the governance pages (findings, controls, exceptions): each checks the viewer's role
 * first; findings and controls are read with inventory:read (DESIGN §5), a new exception's form with
 * exception:manage.
 */
const TEAM_CHOICES = 200;

/** Counts stop here (the page shows "10,000+"): re-exported so the page need not import db/. */
export { FINDING_COUNT_CAP } from "@/db/queries/findings";
const choice = (r: { id: string; name: string }) => ({ id: r.id, name: r.name });

/** A page of findings, the per-status counts of the same filters, and the team and assignee filters' choices. */
export async function readFindings(actor: Actor, filters: Parameters<typeof listFindings>[1]) {
  const db = await readerDb(actor, "inventory:read");
  // The findings and their counts now, or as they were at `filters.asOf` (DESIGN §8.6); the team
  // choices are today's (their query groups by a primary key, which the as_of views do not have).
  const [{ page, counts }, teams, people] = await Promise.all([
    readAt(db, filters.asOf, async (q) => {
      const [page, counts] = await Promise.all([listFindings(q, filters), countFindingsByStatus(q, filters)]);
      return { page, counts };
    }),
    listTeams(db, { limit: TEAM_CHOICES }),
    listPeople(db, { active: true, limit: TEAM_CHOICES }),
  ]);
  return { page, counts, teams: teams.items.map(choice), people: people.items.map(choice) };
}

/** The most pressing open findings of a scope (most severe, then longest open): the Overview's list with its next actions. */
export async function readTopFindings(actor: Actor, scope: { teamId?: string | undefined; environment?: string | undefined }, limit: number) {
  const db = await readerDb(actor, "inventory:read");
  const filters = findingFilters.parse({ ...scope, limit });
  const [page, counts] = await Promise.all([listFindings(db, filters), countFindingsByStatus(db, filters)]);
  return { items: page.items, open: counts.open };
}

export async function readFinding(actor: Actor, id: string) {
  return (await getFinding(await readerDb(actor, "inventory:read"), id)) ?? null;
}

/** Control coverage of every framework, or of the ones named. */
export async function readCoverage(actor: Actor, only?: readonly FrameworkId[]) {
  return coverageReport(await readerDb(actor, "inventory:read"), {}, only);
}

/** One control: its counts under the scope and a page of the credentials failing it. */
export async function readControl(actor: Actor, control: Parameters<typeof failingCredentials>[1], scope: Parameters<typeof failingCredentials>[2], cursor: Parameters<typeof failingCredentials>[3], limit: number) {
  const db = await readerDb(actor, "inventory:read");
  const [{ counts }, page] = await Promise.all([controlCoverage(db, scope, [control.framework]), failingCredentials(db, control, scope, cursor, limit)]);
  return { counts, page };
}

export async function readExceptions(actor: Actor, filters: Parameters<typeof listExceptions>[1]) {
  return listExceptions(await readerDb(actor, "inventory:read"), filters);
}

/** The new-exception form: approver and team choices, and the finding it starts from (if any, and known). */
export async function readExceptionForm(actor: Actor, findingId: string | null) {
  const db = await readerDb(actor, "exception:manage");
  const [finding] = findingId
    ? await db.select({ ruleId: findings.ruleId, credentialId: credentials.id, credentialName: credentials.name }).from(findings).innerJoin(credentials, eq(credentials.id, findings.credentialId)).where(eq(findings.id, findingId))
    : [];
  const [people, teams] = await Promise.all([listPeople(db, { active: true, limit: TEAM_CHOICES }), listTeams(db, { limit: TEAM_CHOICES })]);
  return { finding: finding ?? null, people: people.items.map(choice), teams: teams.items.map(choice) };
}

/** Who a finding can be assigned to (the detail page's Assign action): active people, for those who triage. */
export async function readAssigneeChoices(actor: Actor) {
  const people = await listPeople(await readerDb(actor, "finding:manage"), { active: true, limit: TEAM_CHOICES });
  return people.items.map(choice);
}
