import { z } from "zod";
import { rotationApproverKinds, rotationReasons, rotationStates } from "@/lib/domain/rotation";

/** What the rotation and incident endpoints answer (DESIGN §4.2, §4.4). Never a secret value or fingerprint. */

const iso = z.iso.datetime();
const isoOrNull = iso.nullable();
const ref = z.object({ id: z.uuid(), name: z.string() }).nullable();

/**
 * What the request needs, who can give it and what is still missing: lib/domain/rotation's
 * `approvalRequirement`, with the same sentences the UI and notifications show.
 */
export const approvalRequirementDto = z.object({
  rule: z.enum(["policy", "emergency"]),
  required: z.number().int(),
  given: z.number().int(),
  securityRequired: z.boolean(),
  securityGiven: z.boolean(),
  missing: z.object({ approvals: z.number().int(), security: z.boolean() }),
  approvers: z.array(z.enum(rotationApproverKinds)),
  /** Approvals that do not count: the requester's own, or by someone who has since left. */
  ignored: z.number().int(),
  satisfied: z.boolean(),
  words: z.object({ needed: z.string(), whoCanGive: z.string(), missing: z.string() }),
});

export const rotationRequestDto = z.object({
  id: z.uuid(),
  credential: z.object({ id: z.uuid(), name: z.string(), environment: z.string(), status: z.string() }),
  secretId: z.uuid().nullable(),
  state: z.enum(rotationStates),
  reason: z.enum(rotationReasons),
  note: z.string().nullable(),
  plannedAt: iso,
  requester: ref,
  approvalsRequired: z.number().int(),
  securityApprovalRequired: z.boolean(),
  approvalCount: z.number().int(),
  hasSecurityApproval: z.boolean(),
  requirement: approvalRequirementDto,
  breakGlass: z.boolean(),
  createdAt: iso,
  expiresAt: iso,
  decidedAt: isoOrNull,
  completedAt: isoOrNull,
});
export type RotationRequestDto = z.infer<typeof rotationRequestDto>;

export const rotationRequestPageDto = z.object({ items: z.array(rotationRequestDto), nextCursor: z.string().nullable() });

export const rotationApprovalDto = z.object({
  approver: z.object({ id: z.uuid(), name: z.string() }),
  isSecurity: z.boolean(),
  /** Given through the emergency (break-glass) path. */
  breakGlass: z.boolean(),
  /** False once the approver has left or been deactivated: the approval no longer counts. */
  counts: z.boolean(),
  note: z.string().nullable(),
  at: iso,
});

/** What the caller may do now: worked out on the server with the same rules that refuse the action. */
export const rotationActionsDto = z.object({
  approve: z.boolean(),
  /** The requester's own emergency approval through break-glass (nobody else can give it). */
  approveBreakGlass: z.boolean(),
  reject: z.boolean(),
  cancel: z.boolean(),
  complete: z.boolean(),
});
export type RotationActions = z.infer<typeof rotationActionsDto>;

export const rotationRequestDetailDto = rotationRequestDto.extend({
  approvals: z.array(rotationApprovalDto),
  eligibleOwner: ref,
  eligibleBackupOwner: ref,
  decidedBy: ref,
  decisionNote: z.string().nullable(),
  newSecretId: z.uuid().nullable(),
  oldSecretDisposition: z.enum(["superseded", "revoked"]).nullable(),
  checklistDeployed: z.boolean(),
  checklistOldRevoked: z.boolean(),
  /** The secret being replaced (metadata). */
  oldSecret: z
    .object({ id: z.uuid(), kind: z.string(), storage: z.string(), storageRef: z.string().nullable(), status: z.string(), hasFingerprint: z.boolean() })
    .nullable(),
  /** The leak incident this emergency rotation answers, if any. */
  incidentId: z.uuid().nullable(),
  actions: rotationActionsDto,
});
export type RotationRequestDetailDto = z.infer<typeof rotationRequestDetailDto>;

export const incidentDto = z.object({
  id: z.uuid(),
  credential: z.object({ id: z.uuid(), name: z.string(), environment: z.string(), status: z.string() }),
  secret: z.object({ id: z.uuid(), kind: z.string(), storage: z.string(), storageRef: z.string().nullable(), status: z.string() }),
  source: z.string(),
  /** What the reporter typed when marking the secret leaked. */
  note: z.string().nullable(),
  detectedAt: iso,
  status: z.enum(["open", "remediated"]),
  openedBy: ref,
  rotationRequest: z.object({ id: z.uuid(), state: z.enum(rotationStates) }).nullable(),
  remediatedAt: isoOrNull,
  /** remediated at − detected at, in seconds (DESIGN §4.4 time to remediate). */
  remediationSeconds: z.number().int().nullable(),
  remediation: z.string().nullable(),
  createdAt: iso,
});
export type IncidentDto = z.infer<typeof incidentDto>;

export const incidentPageDto = z.object({ items: z.array(incidentDto), nextCursor: z.string().nullable() });

export const reportLeakDto = z.object({ incident: incidentDto, rotationRequestId: z.uuid() });
