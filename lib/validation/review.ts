import { z } from "zod";
import { idField, instantCursorString, INVALID_CURSOR } from "./common";
import { credentialFilters, credentialKinds, environments, sensitivities } from "./inventory";
import { campaignStatuses, decommissionReasons, reviewDecisions, reviewTaskStatuses } from "@/lib/domain/vocabulary/review";

/** DESIGN §4.3 and §4.4: zod-free in lib/domain/vocabulary (client components import them from there); re-exported for server code. */
export { campaignStatuses, decommissionReasons, reviewDecisions, reviewTaskStatuses };
export type { DecommissionReason, ReviewDecision } from "@/lib/domain/vocabulary/review";

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** A few minutes of clock skew between a browser and the server is not "in the future". */
const SKEW_MS = 5 * 60_000;

/** A date (YYYY-MM-DD, read as that UTC day) or an ISO instant with offset. */
const dateOrInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "must be an ISO-8601 date or date-time" });

const notesField = z
  .string()
  .trim()
  .max(5000, "must be at most 5000 characters")
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional();

// --- Decommissioning (DESIGN §4.4) -----------------------------------------------------------

export const decommissionInput = z.object({
  reason: oneOf(decommissionReasons),
  /** The client must already be disabled at the authorization server: Steward cannot check, so a person confirms it. */
  disabledAtServerConfirmed: z.literal(true, { error: "must be confirmed: disable the client at the authorization server first" }),
  /** When it was decommissioned (default now); never in the future. A date means the start of that UTC day. */
  decommissionedAt: dateOrInstant
    .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v))
    .refine((d) => d.getTime() <= Date.now() + SKEW_MS, "must not be in the future")
    .optional(),
  note: notesField,
});
export type DecommissionInput = z.output<typeof decommissionInput>;

// --- Reviews (DESIGN §4.3) -------------------------------------------------------------------

export const reviewInput = z
  .object({
    decision: oneOf(reviewDecisions),
    notes: notesField,
    /** Optional: decommission in the same request when the decision is `revoke`. */
    decommission: decommissionInput.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== "keep" && !v.notes) {
      ctx.addIssue({ code: "custom", path: ["notes"], message: "are required when the decision is not keep: say what changes and why" });
    }
    if (v.decommission && v.decision !== "revoke") {
      ctx.addIssue({ code: "custom", path: ["decommission"], message: "is only allowed with the decision revoke" });
    }
  });
export type ReviewInput = z.output<typeof reviewInput>;

// --- Campaigns (DESIGN §4.3) -----------------------------------------------------------------

const f = credentialFilters.shape;

/**
 * Which credentials a campaign covers: the inventory's own filters (same fields, same meaning,
 * db/queries/credentials `credentialConditions`) plus two the inventory table does not offer.
 * Only active credentials are ever included.
 */
export const campaignFilter = z.object({
  q: f.q,
  teamId: f.teamId,
  ownerId: f.ownerId,
  environment: oneOf(environments).optional(),
  kind: oneOf(credentialKinds).optional(),
  apiId: f.apiId,
  trustZone: f.trustZone,
  /** Grants at least one API of this sensitivity. */
  sensitivity: oneOf(sensitivities).optional(),
  /** true: used by a third-party application; false: used by none. */
  thirdParty: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).optional(),
});
export type CampaignFilter = z.output<typeof campaignFilter>;

export const campaignInput = z.object({
  name: z.string({ error: "is required" }).trim().min(1, "is required").max(200, "must be at most 200 characters"),
  filter: campaignFilter.default({}),
  /** A date means the end of that UTC day. Must be in the future. */
  dueAt: dateOrInstant
    .transform((v) => new Date(v.length === 10 ? `${v}T23:59:59.999Z` : v))
    .refine((d) => d.getTime() > Date.now(), "must be in the future"),
});
export type CampaignInput = z.output<typeof campaignInput>;

/** The preview query: the same filter as query parameters. */
export const campaignPreviewQuery = campaignFilter;

export const campaignListQuery = z.object({
  status: oneOf(campaignStatuses).optional(),
  cursor: instantCursorString.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A campaign task cursor: a task id, base64url (db/queries/campaigns). */
const taskCursorString = z
  .string()
  .max(512)
  .refine((s) => z.uuid().safeParse(Buffer.from(s, "base64url").toString("utf8")).success, INVALID_CURSOR);

export const campaignTaskQuery = z.object({
  status: oneOf(reviewTaskStatuses).optional(),
  cursor: taskCursorString.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const reviewListQuery = z.object({
  cursor: instantCursorString.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const campaignParams = z.object({ id: idField });

// --- DTOs ------------------------------------------------------------------------------------

const iso = z.iso.datetime();
const isoOrNull = iso.nullable();
const ref = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const reviewDto = z.object({
  id: z.uuid(),
  credentialId: z.uuid(),
  decision: z.enum(reviewDecisions),
  notes: z.string().nullable(),
  reviewer: z.object({ id: z.uuid().nullable(), name: z.string() }),
  campaignId: z.uuid().nullable(),
  createdAt: iso,
});
export const reviewPageDto = z.object({ items: z.array(reviewDto), nextCursor: z.string().nullable() });

export const recordedReviewDto = z.object({
  review: reviewDto,
  /** The credential's, after the review: unchanged while a follow-up is open (the review does not hold yet). */
  lastReviewedAt: isoOrNull,
  reviewDueAt: isoOrNull,
  tasksCompleted: z.number().int(),
  /**
   * The follow-up finding the decision left open: `review_scope_pending` for reduce_scope (closes when
   * the grants shrink), `review_revoke_pending` for revoke without decommissioning in the same request.
   */
  pendingFindingId: z.uuid().nullable(),
  decommissioned: z.boolean(),
});

export const decommissionDto = z.object({
  credentialId: z.uuid(),
  status: z.literal("decommissioned"),
  decommissionedAt: iso,
  decommissionReason: z.enum(decommissionReasons),
  secretsRevoked: z.number().int(),
  rotationRequestsCancelled: z.number().int(),
  reviewTasksCancelled: z.number().int(),
  findingsResolved: z.number().int(),
  incidentsRemediated: z.number().int(),
});

export const campaignProgressDto = z.object({ total: z.number().int(), done: z.number().int(), open: z.number().int(), cancelled: z.number().int() });

export const campaignDto = z.object({
  id: z.uuid(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()),
  dueAt: iso,
  status: z.enum(campaignStatuses),
  createdBy: ref,
  createdAt: iso,
  updatedAt: iso,
  progress: campaignProgressDto,
});
export const campaignPageDto = z.object({ items: z.array(campaignDto), nextCursor: z.string().nullable() });

export const campaignOwnerProgressDto = z.object({
  assignee: ref,
  total: z.number().int(),
  done: z.number().int(),
  open: z.number().int(),
  cancelled: z.number().int(),
});
export const campaignDetailDto = campaignDto.extend({ owners: z.array(campaignOwnerProgressDto) });

export const campaignCreatedDto = campaignDto.extend({ tasksCreated: z.number().int(), assignees: z.number().int(), unassigned: z.number().int() });

export const campaignPreviewDto = z.object({
  matching: z.number().int(),
  /** People who get at least one task (owners and stand-ins). */
  assignees: z.number().int(),
  /** Tasks with nobody to assign (security picks them up). */
  unassigned: z.number().int(),
  /** Tasks whose owner has left or is missing, handed to the backup owner or a member of the owning team (DESIGN §4.3). */
  fellBack: z.object({
    total: z.number().int(),
    toBackupOwner: z.number().int(),
    toTeamMember: z.number().int(),
    /** The stand-ins with most tasks first (at most 20). */
    people: z.array(z.object({ id: z.uuid(), name: z.string(), via: z.enum(["backupOwner", "teamMember"]), tasks: z.number().int() })),
  }),
});

export const reviewTaskDto = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  credential: z.object({ id: z.uuid(), key: z.string(), name: z.string(), environment: z.string(), status: z.string() }),
  assignee: ref,
  team: ref,
  status: z.enum(reviewTaskStatuses),
  decision: z.enum(reviewDecisions).nullable(),
  reviewedAt: isoOrNull,
  reviewer: z.string().nullable(),
  completedAt: isoOrNull,
});
export const reviewTaskPageDto = z.object({ items: z.array(reviewTaskDto), nextCursor: z.string().nullable() });

export const campaignExportQuery = z.object({});
