import { z } from "zod";
import { ownershipRoles, type OwnershipRole } from "@/lib/domain/vocabulary/queue";
import { idField } from "./common";

const iso = z.iso.datetime();
const isoOrNull = iso.nullable();

export { ownershipRoleLabels, ownershipRoles, orphaningRoles, type OwnershipRole } from "@/lib/domain/vocabulary/queue";

export const MAX_REASSIGN_CREDENTIALS = 5000;

export const reassignOwnershipInput = z.object({
  toPersonId: idField,
  roles: z
    .array(z.enum(ownershipRoles, { error: `must be one of ${ownershipRoles.join(", ")}` }))
    .min(1, "choose at least one role")
    .transform((roles) => [...new Set(roles)]),
  /** Limit the move to these credentials (default: every credential the person holds a chosen role on). */
  credentialIds: z.array(idField).min(1, "choose at least one credential, or leave it out for all").max(MAX_REASSIGN_CREDENTIALS).optional(),
  /**
   * The backup owner for credentials where the new holder is already the other party: they keep or
   * take the owner role and this person backs them up (default: the backup owner is left empty).
   */
  replacementBackupOwnerId: idField.optional(),
  /** Answer what would change, writing nothing. */
  dryRun: z.boolean().default(false),
});
export type ReassignOwnershipInput = z.output<typeof reassignOwnershipInput>;

const roleCounts = z.object(Object.fromEntries(ownershipRoles.map((r) => [r, z.number().int()])) as Record<OwnershipRole, z.ZodNumber>);

export const reassignResultDto = z.object({
  dryRun: z.boolean(),
  /** Credentials that change (each counted once however many roles move on it). */
  credentials: z.number().int(),
  changes: roleCounts,
  credentialIds: z.array(z.uuid()),
  /** Orphaned findings resolved by the move. */
  findingsResolved: z.number().int(),
  /**
   * Credentials where the new holder already was the other of owner / backup owner: they end as
   * owner and need a new backup owner (the replacement, when one was given). The first 50 listed.
   */
  needsNewBackup: z.object({ total: z.number().int(), items: z.array(z.object({ id: z.uuid(), name: z.string() })) }),
});

export const holdingDto = z.object({
  id: z.uuid(),
  name: z.string(),
  environment: z.string(),
  status: z.string(),
  roles: z.array(z.enum(ownershipRoles)),
});

/** What marking the person as left takes away at once (db/queries/queue `getDepartureAccess`). */
export const departureAccessDto = z.object({
  /** Their linked user: deactivated when they leave (sessions and API tokens stop). */
  user: z.object({ id: z.uuid(), role: z.enum(["admin", "security", "member", "auditor"]), isActive: z.boolean() }).nullable(),
  activeApiTokens: z.number().int(),
  /** Approvals of pending rotation requests: no longer counted once they leave. */
  pendingApprovals: z.number().int(),
  /** Live exceptions they approved: revoked when they leave, their findings reopen. */
  liveExceptions: z.number().int(),
  openReviewTasks: z.number().int(),
});
export type DepartureAccess = z.infer<typeof departureAccessDto>;

export const holdingsDto = z.object({
  /** Credentials (not decommissioned) on which the person holds each role. */
  counts: roleCounts,
  total: z.number().int(),
  items: z.array(holdingDto),
  /** More credentials than listed. */
  truncated: z.boolean(),
});

/** A person's holdings as the API answers them: with what their departure takes away at once. */
export const personHoldingsDto = holdingsDto.extend({ access: departureAccessDto });

export const findingDto = z.object({
  id: z.uuid(),
  ruleId: z.string(),
  severity: z.enum(["low", "medium", "high", "critical"]),
  status: z.enum(["open", "resolved", "excepted"]),
  details: z.record(z.string(), z.unknown()),
  summary: z.string(),
  /** How to make it go away (the rule's fix); null for lifecycle-only findings. */
  fix: z.string().nullable(),
  openedAt: iso,
  resolvedAt: isoOrNull,
  resolution: z.string().nullable(),
});
export const findingListDto = z.object({ open: z.array(findingDto), resolved: z.array(findingDto) });

const dueBucket = z.enum(["overdue", "due_soon", "ok", "none"]);
const credentialRef = z.object({ id: z.uuid(), name: z.string(), environment: z.string() });

export const queueDueItemDto = credentialRef.extend({
  myRole: z.enum(["owner", "backupOwner"]),
  rotationDueAt: isoOrNull,
  reviewDueAt: isoOrNull,
  rotationBucket: dueBucket,
  reviewBucket: dueBucket,
});

export const queueRequestDto = z.object({
  id: z.uuid(),
  credential: credentialRef,
  state: z.string(),
  reason: z.string(),
  plannedAt: iso,
  createdAt: iso,
  expiresAt: iso,
  requesterName: z.string().nullable(),
  breakGlass: z.boolean(),
  approvalsRequired: z.number().int(),
  securityApprovalRequired: z.boolean(),
  approvals: z.number().int(),
});

export const queueReviewTaskDto = z.object({
  id: z.uuid(),
  credential: credentialRef,
  campaignId: z.uuid(),
  campaignName: z.string(),
  dueAt: iso,
});

export const queueFindingDto = z.object({
  id: z.uuid(),
  credential: credentialRef,
  ruleId: z.string(),
  severity: z.enum(["low", "medium", "high", "critical"]),
  summary: z.string(),
  openedAt: iso,
});

const section = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), items: z.array(item) });

export const queueDto = z.object({
  /** The signed-in user's person (linked by email); null when there is none: only role-based work shows. */
  personId: z.uuid().nullable(),
  limit: z.number().int(),
  due: section(queueDueItemDto),
  openRequests: section(queueRequestDto),
  approvals: section(queueRequestDto),
  reviewTasks: section(queueReviewTaskDto),
  findings: section(queueFindingDto),
});
export type QueueDto = z.infer<typeof queueDto>;
