import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, tstz } from "./columns";
import { people } from "./org";
import { users } from "./users";
import { credentials, secrets } from "./inventory";
import { findingExceptions } from "./governance";
import { campaignStatuses, reviewDecisions, reviewTaskStatuses } from "@/lib/domain/vocabulary/review";

/** DESIGN §4.2. Values mirror lib/domain/rotation.ts. */
export const rotationStateEnum = pgEnum("rotation_state", ["requested", "approved", "completed", "rejected", "cancelled", "expired"]);
export const rotationReasonEnum = pgEnum("rotation_reason", ["scheduled", "compromise", "owner_departure", "policy_change", "other"]);
export const oldSecretDispositionEnum = pgEnum("old_secret_disposition", ["superseded", "revoked"]);
/** DESIGN §4.3. */
export const reviewDecisionEnum = pgEnum("review_decision", reviewDecisions);
export const campaignStatusEnum = pgEnum("campaign_status", campaignStatuses);
export const reviewTaskStatusEnum = pgEnum("review_task_status", reviewTaskStatuses);
/** DESIGN §4.4 (the decommission reason lives with the credential in ./inventory). */
export const leakIncidentStatusEnum = pgEnum("leak_incident_status", ["open", "remediated"]);
/** DESIGN §5 (the rule engine arrives with governance; lifecycle opens and resolves its own findings). */
export const findingSeverityEnum = pgEnum("finding_severity", ["low", "medium", "high", "critical"]);
/** `excepted`: an active exception (DESIGN §5.3) accepts the risk; it reopens when the exception ends. */
export const findingStatusEnum = pgEnum("finding_status", ["open", "resolved", "excepted"]);

/**
 * A rotation request (DESIGN §4.2). The policy's approval rule and the eligible people are copied
 * in when the request is made, so later edits to the credential or policy do not move the goalposts.
 */
export const rotationRequests = pgTable(
  "rotation_requests",
  {
    id: id(),
    credentialId: uuid("credential_id")
      .notNull()
      .references(() => credentials.id),
    /** The secret being replaced (null when the credential had no active secret). */
    secretId: uuid("secret_id").references(() => secrets.id),
    state: rotationStateEnum("state").notNull().default("requested"),
    reason: rotationReasonEnum("reason").notNull(),
    note: text("note"),
    plannedAt: tstz("planned_at").notNull(),
    /** The credential's rotation due date when the request was made: on time = completed by then (dashboard). */
    dueAt: tstz("due_at"),
    requesterId: uuid("requester_id").references(() => users.id),
    requesterPersonId: uuid("requester_person_id").references(() => people.id),
    approvalsRequired: integer("approvals_required").notNull(),
    securityApprovalRequired: boolean("security_approval_required").notNull(),
    eligibleOwnerPersonId: uuid("eligible_owner_person_id").references(() => people.id),
    eligibleBackupOwnerPersonId: uuid("eligible_backup_owner_person_id").references(() => people.id),
    breakGlass: boolean("break_glass").notNull().default(false),
    /** When the request stops waiting for a decision (created + 14 days); the expiry sweep's index. */
    expiresAt: tstz("expires_at").notNull(),
    decidedAt: tstz("decided_at"),
    decidedById: uuid("decided_by_id").references(() => users.id),
    decisionNote: text("decision_note"),
    completedAt: tstz("completed_at"),
    newSecretId: uuid("new_secret_id").references(() => secrets.id),
    oldSecretDisposition: oldSecretDispositionEnum("old_secret_disposition"),
    checklistDeployed: boolean("checklist_deployed").notNull().default(false),
    checklistOldRevoked: boolean("checklist_old_revoked").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    // At most one open request per credential.
    uniqueIndex("rotation_requests_open_credential_key").on(t.credentialId).where(sql`${t.state} in ('requested', 'approved')`),
    index("rotation_requests_credential_idx").on(t.credentialId, t.createdAt),
    index("rotation_requests_state_created_idx").on(t.state, t.createdAt, t.id),
    index("rotation_requests_created_idx").on(t.createdAt, t.id),
    index("rotation_requests_requester_idx").on(t.requesterId, t.state),
    index("rotation_requests_expiry_idx").on(t.expiresAt).where(sql`${t.state} = 'requested'`),
    // Completed rotations by completion time: the dashboard's 90-day on-time rate and the rotations list filter.
    index("rotation_requests_completed_idx").on(t.completedAt, t.id).where(sql`${t.state} = 'completed'`),
  ],
);

export const rotationApprovals = pgTable(
  "rotation_approvals",
  {
    requestId: uuid("request_id")
      .notNull()
      .references(() => rotationRequests.id),
    approverId: uuid("approver_id")
      .notNull()
      .references(() => users.id),
    approverPersonId: uuid("approver_person_id").references(() => people.id),
    isSecurity: boolean("is_security").notNull(),
    /** Given through the emergency (break-glass) path: security or an admin on a compromise request. */
    breakGlass: boolean("break_glass").notNull().default(false),
    note: text("note"),
    at: tstz("at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.approverId] }), index("rotation_approvals_approver_idx").on(t.approverId)],
);

/** A review campaign (DESIGN §4.3): a filter and a due date; one task per matching credential. */
export const reviewCampaigns = pgTable(
  "review_campaigns",
  {
    id: id(),
    name: text("name").notNull(),
    /** The inventory filter the campaign was created from (same shape as the inventory URL filters). */
    filter: jsonb("filter").notNull().default(sql`'{}'::jsonb`),
    dueAt: tstz("due_at").notNull(),
    status: campaignStatusEnum("status").notNull().default("open"),
    createdById: uuid("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [index("review_campaigns_created_idx").on(t.createdAt, t.id), index("review_campaigns_status_idx").on(t.status, t.dueAt)],
);

export const reviews = pgTable(
  "reviews",
  {
    id: id(),
    credentialId: uuid("credential_id")
      .notNull()
      .references(() => credentials.id),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    reviewerPersonId: uuid("reviewer_person_id").references(() => people.id),
    decision: reviewDecisionEnum("decision").notNull(),
    notes: text("notes"),
    campaignId: uuid("campaign_id").references(() => reviewCampaigns.id),
    ...timestamps,
  },
  (t) => [
    index("reviews_credential_idx").on(t.credentialId, t.createdAt),
    index("reviews_campaign_idx").on(t.campaignId),
    // The evidence pack's reviews.csv pages through the period by (created_at, id).
    index("reviews_created_idx").on(t.createdAt, t.id),
  ],
);

export const reviewTasks = pgTable(
  "review_tasks",
  {
    id: id(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => reviewCampaigns.id),
    credentialId: uuid("credential_id")
      .notNull()
      .references(() => credentials.id),
    /** The credential's owner when the campaign was created (null: nobody — security must pick it up). */
    assigneePersonId: uuid("assignee_person_id").references(() => people.id),
    status: reviewTaskStatusEnum("status").notNull().default("open"),
    reviewId: uuid("review_id").references(() => reviews.id),
    completedAt: tstz("completed_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("review_tasks_campaign_credential_key").on(t.campaignId, t.credentialId),
    index("review_tasks_campaign_status_idx").on(t.campaignId, t.status, t.id),
    index("review_tasks_assignee_idx").on(t.assigneePersonId, t.status),
    index("review_tasks_credential_idx").on(t.credentialId, t.status),
  ],
);

/** A leaked secret (DESIGN §4.4): open until rotated or the credential is decommissioned. */
export const leakIncidents = pgTable(
  "leak_incidents",
  {
    id: id(),
    credentialId: uuid("credential_id")
      .notNull()
      .references(() => credentials.id),
    secretId: uuid("secret_id")
      .notNull()
      .references(() => secrets.id),
    source: text("source").notNull(),
    /** What the reporter typed when marking the secret leaked, shown on the incident. */
    note: text("note"),
    detectedAt: tstz("detected_at").notNull(),
    status: leakIncidentStatusEnum("status").notNull().default("open"),
    openedById: uuid("opened_by_id").references(() => users.id),
    rotationRequestId: uuid("rotation_request_id").references(() => rotationRequests.id),
    remediatedAt: tstz("remediated_at"),
    /** remediated at − detected at, kept for the MTTR metric. */
    remediationSeconds: integer("remediation_seconds"),
    remediation: text("remediation"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("leak_incidents_open_secret_key").on(t.secretId).where(sql`${t.status} = 'open'`),
    index("leak_incidents_status_idx").on(t.status, t.detectedAt, t.id),
    // The evidence pack's leak-incidents.csv pages through the period by (detected_at, id).
    index("leak_incidents_detected_idx").on(t.detectedAt, t.id),
    index("leak_incidents_credential_idx").on(t.credentialId, t.status),
    index("leak_incidents_remediated_idx").on(t.remediatedAt),
  ],
);

/**
 * A posture finding (DESIGN §5): one of the twenty-six rules (lib/domain/posture), kept in step by the
 * engine (lib/server/posture); lifecycle also writes `owner-missing`, `secret-leaked` and
 * `rotation-overdue` itself with its own resolutions, and owns the review follow-ups
 * `review_scope_pending` and `review_revoke_pending` (lib/server/lifecycle/follow-ups).
 */
export const findings = pgTable(
  "findings",
  {
    id: id(),
    ruleId: text("rule_id").notNull(),
    credentialId: uuid("credential_id")
      .notNull()
      .references(() => credentials.id),
    severity: findingSeverityEnum("severity").notNull(),
    status: findingStatusEnum("status").notNull().default("open"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
    openedAt: tstz("opened_at").notNull().defaultNow(),
    resolvedAt: tstz("resolved_at"),
    resolution: text("resolution"),
    /** The exception that accepts this finding while `status` is `excepted` (DESIGN §5.3). */
    exceptionId: uuid("exception_id").references(() => findingExceptions.id),
    /** Who security asked to work on it (issue 16 triage); null while nobody is. Set by lib/server/commands/findings. */
    assigneePersonId: uuid("assignee_person_id").references(() => people.id),
    ...timestamps,
  },
  (t) => [
    // One live finding per (rule, credential): open or excepted, never both.
    uniqueIndex("findings_open_rule_credential_key").on(t.ruleId, t.credentialId).where(sql`${t.status} in ('open', 'excepted')`),
    index("findings_exception_idx").on(t.exceptionId),
    // The findings list: by status, newest first (severity and rule filters use the indexes below).
    index("findings_status_opened_idx").on(t.status, t.openedAt, t.id),
    // The evidence pack's findings.csv pages through the period by (opened_at, id), whatever the status:
    // without it each page of 1,000 sorted every finding (3.3 million at 1M credentials: ~1 s a page).
    index("findings_opened_idx").on(t.openedAt, t.id),
    index("findings_credential_idx").on(t.credentialId, t.status),
    index("findings_status_severity_idx").on(t.status, t.severity, t.openedAt, t.id),
    // The findings list's default order: most severe first (the enum's order is the rank), then longest open;
    // NULLS FIRST is what ORDER BY … DESC means, so the index matches the sort.
    index("findings_status_rank_age_idx").on(t.status, t.severity.desc().nullsFirst(), t.openedAt, t.id),
    index("findings_rule_status_idx").on(t.ruleId, t.status),
    // "Assigned to …" in the list, in the list's own order (most severe first, then longest open).
    index("findings_assignee_status_rank_age_idx").on(t.assigneePersonId, t.status, t.severity.desc().nullsFirst(), t.openedAt, t.id),
  ],
);
