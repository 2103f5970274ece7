import { z } from "zod";
import { auditActions } from "@/lib/domain/audit-actions";

export const auditFilters = z.object({
  action: z.enum(auditActions).optional(),
  actorId: z.string().max(100).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditEventDto = z.object({
  seq: z.number().int(),
  occurredAt: z.iso.datetime(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  clientRequestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});

export const auditVerifyDto = z.union([
  z.object({ ok: z.literal(true), checked: z.number().int(), head: z.string() }),
  z.object({ ok: z.literal(false), checked: z.number().int(), seq: z.number().int(), reason: z.string() }),
]);
