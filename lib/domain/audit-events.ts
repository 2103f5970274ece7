import { z } from "zod";
import { auditActions, type AuditAction } from "@/lib/domain/audit-actions";
import type { ChainedFields } from "@/lib/domain/audit-chain";

/*
 * One payload schema per audit action (issue 19 §3: types end to end). The writer validates every
 * event against its schema before the insert, so a payload the history view or the evidence pack
 * cannot read is a programming error that rolls the transaction back, never a log row nobody can
 * explain. Schemas are loose: they pin the fields the sentences below read (and their types) and
 * let a writer add context; the raw payload stays behind "details".
 */

const id = z.string().min(1);
const isoInstant = z.string().min(1);
/** `diffFields` output: field → { from, to } (a few writers add their own shape for one field, e.g. grants). */
const changes = z.record(z.string(), z.unknown());
const loose = z.looseObject;

const updated = loose({ changes });
const finding = { findingId: id, ruleId: z.string().min(1) };
const exception = { exceptionId: id, ruleId: z.string().min(1).nullable().optional() };
const rotationRequest = { requestId: id };
const grant = { grantId: id, apiId: id };
const scopes = z.array(z.string());
/** What a grant write decided (DESIGN §4.5), carried on the writer's own event. */
const grantDecision = loose({ apiId: id, decision: z.enum(["requested", "approved", "reduced", "removed"]), scopes });
const denied = loose({ method: z.string(), path: z.string(), permission: z.string().optional(), reason: z.string().nullable().optional() });

export const auditPayloadSchemas = {
  "auth.sign_in": loose({ email: z.string(), method: z.enum(["password", "oidc"]) }),
  "auth.sign_in_failed": loose({ email: z.string(), reason: z.string() }),
  "auth.sign_out": loose({ email: z.string().optional() }),
  "auth.password_set": loose({ email: z.string() }),
  "authz.denied": denied,
  "setup.completed": loose({ email: z.string(), name: z.string(), role: z.literal("admin") }),
  "user.created": loose({ email: z.string(), role: z.string() }),
  "user.updated": loose({ email: z.string(), changes }),
  "user.invite_reissued": loose({ email: z.string() }),
  "user.deactivated": loose({ email: z.string(), reason: z.string().optional() }),
  "person.created": loose({ name: z.string() }),
  "person.updated": updated,
  "team.created": loose({ name: z.string(), key: z.string() }),
  "team.updated": updated,
  "server.created": loose({ name: z.string(), key: z.string() }),
  "server.updated": updated,
  "api.created": loose({ name: z.string(), key: z.string() }),
  "api.updated": updated,
  "application.created": loose({ name: z.string(), key: z.string() }),
  "application.updated": updated,
  "credential.created": loose({ name: z.string(), key: z.string(), grantDecisions: z.array(grantDecision).optional() }),
  "credential.updated": updated,
  "secret.created": loose({ secretId: id, kind: z.string().optional() }),
  "secret.updated": loose({ secretId: id, changes }),
  "policy.created": loose({ name: z.string(), key: z.string() }),
  "policy.updated": updated,
  "inventory.imported": loose({ recordType: z.string(), key: z.string().nullable(), change: z.string() }),
  "leak.lookup": loose({ matches: z.array(id) }),
  "demo.loaded": loose({ organisation: z.string() }),
  "inventory.exported": loose({ format: z.string() }),
  "rotation.requested": loose({ ...rotationRequest, reason: z.string() }),
  "rotation.approved": loose(rotationRequest),
  "rotation.rejected": loose({ ...rotationRequest, note: z.string().nullable().optional() }),
  "rotation.cancelled": loose({ ...rotationRequest, from: z.string(), note: z.string().nullable().optional() }),
  "rotation.completed": loose(rotationRequest),
  "rotation.expired": loose({ ...rotationRequest, expiresAt: isoInstant }),
  "review.recorded": loose({ reviewId: id, decision: z.string() }),
  "campaign.created": loose({ name: z.string(), dueAt: isoInstant, tasksCreated: z.number().int() }),
  "campaign.closed": loose({ total: z.number().int(), done: z.number().int(), notDone: z.number().int() }),
  "credential.decommissioned": loose({ reason: z.string(), decommissionedAt: isoInstant }),
  "leak.reported": loose({ incidentId: id, source: z.string().optional() }),
  "incident.remediated": loose({ incidentId: id }),
  "finding.opened": loose({ ...finding, severity: z.string() }),
  "finding.resolved": loose({ ...finding, resolution: z.string().nullable().optional() }),
  "ownership.reassigned": loose({ fromPersonId: id, toPersonId: id, credentials: z.number().int() }),
  "grant.requested": loose({ ...grant, scopes }),
  "grant.approved": loose({ ...grant, scopes, reviewDueAt: isoInstant, atCreation: z.boolean().optional() }),
  "grant.rejected": loose({ ...grant, justification: z.string().nullable().optional() }),
  "grant.revoked": loose({ ...grant, from: z.string(), justification: z.string().nullable().optional() }),
  "grant.expired": loose({ ...grant, reviewDueAt: z.string() }),
  "grant.reviewed": loose({ ...grant, decision: z.enum(["keep", "reduce"]), scopesBefore: scopes, scopesAfter: scopes, reviewDueAt: isoInstant }),
  "notification.read": loose({ count: z.number().int() }),
  "webhook.created": loose({ name: z.string(), host: z.string() }),
  "webhook.updated": updated,
  "calendar_feed.created": loose({ scope: z.string() }),
  "calendar_feed.revoked": loose({ scope: z.string() }),
  "notification.retried": loose({ channel: z.string() }),
  "notification.retried_by_cause": loose({ channel: z.string(), cause: z.string(), count: z.number().int().min(0) }),
  "scheduler.job_run": loose({ name: z.string(), status: z.string() }),
  "campaign.exported": loose({ format: z.string() }),
  "finding.updated": loose(finding),
  "finding.excepted": loose({ ...finding, exceptionId: id }),
  "finding.reopened": loose(finding),
  "finding.assigned": loose({ ...finding, fromPersonId: id.nullable(), toPersonId: id.nullable() }),
  "exception.created": loose({ ...exception, justification: z.string() }),
  "exception.revoked": loose(exception),
  "exception.expired": loose(exception),
  "posture.swept": loose({}),
  "compliance.exported": loose({ format: z.string(), rows: z.number().int() }),
  "api_token.created": loose({ name: z.string(), prefix: z.string() }),
  "api_token.revoked": loose({ prefix: z.string() }),
  "api_token.used": loose({ method: z.string(), path: z.string() }),
  "usage.ingested": loose({
    source: z.string(),
    received: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    tokenIssued: z.number().int(),
    allowed: z.number().int(),
    denied: z.number().int(),
    credentials: z.number().int(),
    unknownClients: z.number().int(),
  }),
  "usage.pruned": loose({ rawEvents: z.number().int(), rollupRows: z.number().int(), rawRetentionDays: z.number().int(), rollupRetentionDays: z.number().int() }),
} satisfies Record<AuditAction, z.ZodType<Record<string, unknown>>>;

export type AuditPayloadSchemas = typeof auditPayloadSchemas;
export type AuditPayload<A extends AuditAction> = z.input<AuditPayloadSchemas[A]>;

/** The payload check the writer runs before every insert: a mismatch is a bug in the writer, so it throws. */
export function assertAuditPayload(action: AuditAction, payload: Record<string, unknown>): void {
  const result = auditPayloadSchemas[action].safeParse(payload);
  if (!result.success) {
    const fields = result.error.issues.map((i) => i.path.join(".") || "(payload)").join(", ");
    throw new Error(`audit payload of "${action}" does not match its schema (${fields})`);
  }
}

// --- Names --------------------------------------------------------------------------------------

export const nameKinds = ["person", "user", "team", "credential", "api"] as const;
export type NameKind = (typeof nameKinds)[number];
/** id → display name per kind, loaded once per page (lib/server/audit-names). */
export type AuditNames = Record<NameKind, ReadonlyMap<string, string>>;

export const noNames: AuditNames = { person: new Map(), user: new Map(), team: new Map(), credential: new Map(), api: new Map() };

/** Payload fields that hold an id, by the kind of record they name. */
const idFieldKinds: Record<string, NameKind> = {
  ownerId: "person",
  backupOwnerId: "person",
  sdkOwnerId: "person",
  rotationOwnerId: "person",
  revocationOwnerId: "person",
  approverPersonId: "person",
  personId: "person",
  fromPersonId: "person",
  toPersonId: "person",
  owningTeamId: "team",
  identityGovernanceTeamId: "team",
  platformTeamId: "team",
  teamId: "team",
  ownerUserId: "user",
  userId: "user",
  credentialId: "credential",
  apiId: "api",
};

/** Audit target types that are one of the named kinds. */
const targetKinds: Record<string, NameKind> = { person: "person", user: "user", team: "team", credential: "credential", api: "api" };

export type DescribableEvent = Pick<ChainedFields, "actorType" | "actorId" | "actorLabel" | "action" | "targetType" | "targetId" | "payload">;

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** Every id a page of events mentions, per kind: the input of the one batched name lookup. */
export function auditNameRefs(events: readonly DescribableEvent[]): Record<NameKind, string[]> {
  const refs: Record<NameKind, Set<string>> = { person: new Set(), user: new Set(), team: new Set(), credential: new Set(), api: new Set() };
  const add = (kind: NameKind | undefined, value: unknown) => {
    if (kind && typeof value === "string" && value) refs[kind].add(value);
  };
  for (const e of events) {
    if (e.actorType === "user") add("user", e.actorId);
    if (e.targetType) add(targetKinds[e.targetType], e.targetId);
    for (const [field, value] of Object.entries(e.payload)) add(idFieldKinds[field], value);
    for (const [field, change] of Object.entries(asRecord(e.payload.changes) ?? {})) {
      const c = asRecord(change);
      if (c) {
        add(idFieldKinds[field], c.from);
        add(idFieldKinds[field], c.to);
      }
    }
  }
  return Object.fromEntries(nameKinds.map((k) => [k, [...refs[k]]])) as Record<NameKind, string[]>;
}

// --- Sentences ----------------------------------------------------------------------------------

/** The actor as people read it: system events are Steward's own work (DESIGN §7). */
export function describeActor(e: Pick<DescribableEvent, "actorType" | "actorId" | "actorLabel">, names: AuditNames = noNames): string {
  if (e.actorType === "system") return `Steward (${e.actorLabel || "scheduler"})`;
  if (e.actorType === "user" && e.actorId) return names.user.get(e.actorId) ?? e.actorLabel;
  return e.actorLabel;
}

/** The target's name when it is a named record, else its type and a short id. */
export function describeTarget(e: Pick<DescribableEvent, "targetType" | "targetId">, names: AuditNames = noNames): string | null {
  if (!e.targetType) return null;
  const kind = targetKinds[e.targetType];
  const name = kind && e.targetId ? names[kind].get(e.targetId) : undefined;
  if (name) return name;
  return e.targetId ? `${humanise(e.targetType)} ${e.targetId.slice(0, 8)}` : humanise(e.targetType);
}

/** "backupOwnerId" → "Backup owner". */
export function fieldLabel(field: string): string {
  return humanise(field.replace(/Ids?$/, (m) => (m === "Ids" ? "s" : "")));
}

function humanise(text: string): string {
  const words = text
    .replace(/[._]/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DASH = "—";

/** A stored value in words: ids become names, midnight instants dates, lists counts. */
function valueText(field: string, v: unknown, names: AuditNames): string {
  if (v === null || v === undefined || v === "") return DASH;
  const kind = idFieldKinds[field];
  if (kind && typeof v === "string") return names[kind].get(v) ?? `${v.slice(0, 8)}…`;
  if (typeof v === "string") {
    if (/^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(v)) return v.slice(0, 10);
    return v.length > 60 ? `${v.slice(0, 57)}…` : v;
  }
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return `${String(v.length)} item${v.length === 1 ? "" : "s"}`;
  const o = asRecord(v);
  if (o && typeof o.name === "string") return o.name;
  return "…";
}

function changeSentence(field: string, change: unknown, names: AuditNames): string {
  const label = fieldLabel(field);
  const c = asRecord(change);
  if (field === "grants" && c) {
    const count = (k: string) => (Array.isArray(c[k]) ? c[k].length : 0);
    return `Grants changed (${String(count("added"))} added, ${String(count("removed"))} removed, ${String(count("changed"))} changed)`;
  }
  if (c && ("from" in c || "to" in c)) return `${label} changed from ${valueText(field, c.from, names)} to ${valueText(field, c.to, names)}`;
  if (typeof change === "string") return `${label} ${change}`;
  return `${label} changed`;
}

function changesSentence(payload: Record<string, unknown>, names: AuditNames, nothing: string): string {
  const entries = Object.entries(asRecord(payload.changes) ?? {});
  return entries.length ? entries.map(([f, c]) => changeSentence(f, c, names)).join("; ") : nothing;
}

const str = (v: unknown): string => (typeof v === "string" && v ? v : typeof v === "number" ? String(v) : DASH);
const plural = (n: unknown, one: string, many = `${one}s`) => `${str(n)} ${n === 1 ? one : many}`;
const rule = (p: Record<string, unknown>) => str(p.ruleId);

const scopeList = (v: unknown): string => (Array.isArray(v) && v.length ? v.map((x) => str(x)).join(", ") : "no scopes");

type Sentence = (p: Record<string, unknown>, names: AuditNames) => string;

const created = (what: string): Sentence => (p) => `${what} ${str(p.name)} created`;
const edited: Sentence = (p, n) => changesSentence(p, n, "Saved without changes");

/** One sentence per action: a Record over the closed list, so a new action without one fails the typecheck. */
const sentences: Record<AuditAction, Sentence> = {
  "auth.sign_in": (p) => `Signed in as ${str(p.email)} (${p.method === "oidc" ? "single sign-on" : "password"})`,
  "auth.sign_in_failed": (p) => `Failed sign-in as ${str(p.email)}: ${str(p.reason)}`,
  "auth.sign_out": (p) => (p.everywhere ? `Signed ${str(p.email)} out everywhere` : `Signed out`),
  "auth.password_set": (p) => `Password set for ${str(p.email)}`,
  "authz.denied": (p) => `Refused ${str(p.method)} ${str(p.path)}${typeof p.permission === "string" ? ` (needs ${p.permission})` : typeof p.reason === "string" ? ` (${p.reason})` : ""}`,
  "setup.completed": (p) => `First-run setup completed; ${str(p.name)} is the first admin`,
  "user.created": (p) => `User ${str(p.email)} invited as ${str(p.role)}`,
  "user.updated": (p, n) => `User ${str(p.email)}: ${changesSentence(p, n, "no changes")}`,
  "user.invite_reissued": (p) => `Invitation re-issued to ${str(p.email)}`,
  "user.deactivated": (p) => `User ${str(p.email)} deactivated${typeof p.reason === "string" ? ` (${p.reason})` : ""}`,
  "person.created": created("Person"),
  "person.updated": edited,
  "team.created": created("Team"),
  "team.updated": edited,
  "server.created": created("Authorization server"),
  "server.updated": edited,
  "api.created": created("API"),
  "api.updated": edited,
  "application.created": created("Application"),
  "application.updated": edited,
  "credential.created": (p) => `Credential ${str(p.name)} created (${str(p.key)})`,
  "credential.updated": (p, n) => `${edited(p, n)}${typeof p.reassignedFrom === "string" ? ` (reassigned from ${p.reassignedFrom})` : ""}`,
  "secret.created": (p) => `Secret added: ${humanise(str(p.kind))}${typeof p.storage === "string" ? ` in ${p.storage}` : ""}`,
  "secret.updated": (p, n) => `Secret ${str(p.secretId).slice(0, 8)}: ${changesSentence(p, n, "no changes")}`,
  "policy.created": created("Policy"),
  "policy.updated": edited,
  "inventory.imported": (p) => `${humanise(str(p.recordType))} ${str(p.key)} ${str(p.change)} by import`,
  "leak.lookup": (p) => `Leak lookup: ${plural(Array.isArray(p.matches) ? p.matches.length : 0, "match", "matches")}`,
  "demo.loaded": (p) => `Demo data loaded for ${str(p.organisation)}`,
  "inventory.exported": (p) => `Inventory exported as ${str(p.format).toUpperCase()}`,
  "rotation.requested": (p) => `Rotation requested: ${str(p.reason)}`,
  "rotation.approved": () => "Rotation approved",
  "rotation.rejected": (p) => `Rotation rejected${typeof p.note === "string" && p.note ? `: ${p.note}` : ""}`,
  "rotation.cancelled": (p) => `Rotation cancelled (was ${str(p.from)})${typeof p.note === "string" && p.note ? `: ${p.note}` : ""}`,
  "rotation.completed": () => "Rotation completed",
  "rotation.expired": () => "Rotation request expired without a decision",
  "review.recorded": (p) => `Review recorded: ${humanise(str(p.decision))}`,
  "campaign.created": (p) => `Review campaign ${str(p.name)} created with ${plural(p.tasksCreated, "task")}`,
  "campaign.closed": (p) => `Review campaign closed: ${str(p.done)} of ${str(p.total)} done`,
  "credential.decommissioned": (p) => `Decommissioned (${humanise(str(p.reason))})`,
  "leak.reported": (p) => `Leak reported${typeof p.source === "string" ? ` from ${p.source}` : ""}`,
  "incident.remediated": () => "Leak incident remediated",
  "finding.opened": (p) => `Finding opened: ${rule(p)} (${str(p.severity)})`,
  "finding.resolved": (p) => `Finding resolved: ${rule(p)}${typeof p.resolution === "string" ? ` (${p.resolution})` : ""}`,
  "ownership.reassigned": (p, n) =>
    `Ownership of ${plural(p.credentials, "credential")} moved from ${valueText("fromPersonId", p.fromPersonId, n)} to ${valueText("toPersonId", p.toPersonId, n)}`,
  "grant.requested": (p, n) => `Access to ${valueText("apiId", p.apiId, n)} requested (${scopeList(p.scopes)})`,
  "grant.approved": (p, n) => `Access to ${valueText("apiId", p.apiId, n)} approved${p.atCreation === true ? " at creation (own team's API)" : ""} (${scopeList(p.scopes)}); re-review by ${valueText("reviewDueAt", p.reviewDueAt, n).slice(0, 10)}`,
  "grant.rejected": (p, n) => `Access to ${valueText("apiId", p.apiId, n)} rejected${typeof p.justification === "string" && p.justification ? `: ${p.justification}` : ""}`,
  "grant.revoked": (p, n) => `Access to ${valueText("apiId", p.apiId, n)} ${p.from === "requested" ? "request withdrawn" : "revoked"}${typeof p.justification === "string" && p.justification ? `: ${p.justification}` : ""}`,
  "grant.expired": (p, n) => `Access to ${valueText("apiId", p.apiId, n)} expired: its re-review date passed without a review`,
  "grant.reviewed": (p, n) =>
    p.decision === "reduce"
      ? `Access to ${valueText("apiId", p.apiId, n)} reviewed: scopes reduced from ${scopeList(p.scopesBefore)} to ${scopeList(p.scopesAfter)}`
      : `Access to ${valueText("apiId", p.apiId, n)} reviewed: kept (${scopeList(p.scopesAfter)})`,
  "notification.read": (p) => `${plural(p.count, "notification")} marked read`,
  "webhook.created": (p) => `Webhook ${str(p.name)} created (${str(p.host)})`,
  "webhook.updated": edited,
  "calendar_feed.created": (p) => `Calendar feed created (${str(p.scope)})`,
  "calendar_feed.revoked": (p) => `Calendar feed revoked (${str(p.scope)})`,
  "notification.retried": (p) => `Delivery by ${str(p.channel)} retried`,
  "notification.retried_by_cause": (p) => `${str(p.count)} failed deliveries by ${str(p.channel)} retried (cause: ${str(p.cause)})`,
  "scheduler.job_run": (p) => `Job ${str(p.name)} run: ${str(p.status)}`,
  "campaign.exported": (p) => `Review campaign exported as ${str(p.format).toUpperCase()}`,
  "finding.updated": (p) => {
    const s = asRecord(p.severity);
    return `Finding updated: ${rule(p)}${s ? ` (severity ${str(s.from)} → ${str(s.to)})` : ""}`;
  },
  "finding.excepted": (p) => `Finding excepted: ${rule(p)}`,
  "finding.reopened": (p) => `Finding reopened: ${rule(p)}`,
  "finding.assigned": (p, n) =>
    p.toPersonId ? `Finding ${rule(p)} assigned to ${valueText("toPersonId", p.toPersonId, n)} (was ${valueText("fromPersonId", p.fromPersonId, n)})` : `Finding ${rule(p)} unassigned (was ${valueText("fromPersonId", p.fromPersonId, n)})`,
  "exception.created": (p) => `Exception granted${typeof p.ruleId === "string" ? ` for ${p.ruleId}` : ""}: ${str(p.justification)}`,
  "exception.revoked": (p) => `Exception revoked${typeof p.reason === "string" ? `: ${p.reason}` : ""}`,
  "exception.expired": () => "Exception expired",
  "posture.swept": () => "Posture re-checked",
  "compliance.exported": (p) => `Compliance export (${str(p.format)}, ${plural(p.rows, "row")})`,
  "api_token.created": (p) => `API token ${str(p.name)} created (${str(p.prefix)})`,
  "api_token.revoked": (p) => `API token ${str(p.prefix)} revoked`,
  "api_token.used": (p) => `API token used: ${str(p.method)} ${str(p.path)}`,
  "usage.ingested": (p) => `Usage events ingested from ${str(p.source)}: ${plural(p.accepted, "new event")}, ${plural(p.duplicates, "duplicate")}`,
  "usage.pruned": (p) => `Usage evidence past retention dropped: ${plural(p.rawEvents, "raw event")}, ${plural(p.rollupRows, "daily rollup row")}`,
};

/** An action as a filter option and a column reads it: "credential.updated" → "Credential updated", "api_token.used" → "API token used". */
export function auditActionLabel(action: string): string {
  return humanise(action).replace(/\bApi\b|\bapi\b/g, "API").replace(/\bAuthz\b/, "Authorization").replace(/\bAuth\b/, "Authentication");
}

export type DescribedEvent = { actor: string; target: string | null; sentence: string };

const isAuditAction = (a: string): a is AuditAction => (auditActions as readonly string[]).includes(a);

/** An event in words for the audit log and the History tab; the raw payload stays behind "details". */
export function describeAuditEvent(event: DescribableEvent, names: AuditNames = noNames): DescribedEvent {
  const sentence = isAuditAction(event.action) ? sentences[event.action](event.payload, names) : humanise(event.action);
  return { actor: describeActor(event, names), target: describeTarget(event, names), sentence };
}
