import { z } from "zod";
import { rotationReasons, rotationStates } from "@/lib/domain/rotation";
import { cursorField, idField } from "./common";
import { environments, instantField, optionalInstant, optionalText, secretKinds, secretStorages } from "./inventory";

/** Rotation requests and leak incidents (DESIGN §4.2, §4.4): inputs and list filters, client-safe. */

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

/**
 * A planned date: an ISO instant, or a calendar date meaning "some time that day (UTC)". A bare date
 * becomes the end of that day, so "today" is not refused as being in the past.
 */
export const plannedAtField = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: "must be an ISO-8601 date or date-time" })
  .transform((v) => new Date(v.length === 10 ? `${v}T23:59:59.999Z` : v));

const noteField = optionalText(2000);

export const createRotationRequestInput = z.object({
  reason: oneOf(rotationReasons),
  plannedAt: plannedAtField,
  note: noteField,
  /** The secret to replace; by default the active secret that is due first. */
  secretId: idField.optional(),
});
export type CreateRotationRequestInput = z.output<typeof createRotationRequestInput>;

export const approveRotationInput = z.object({ note: noteField });

/** A rejection must say why (the requester reads it). */
export const rejectRotationInput = z.object({
  note: z.string({ error: "is required: say why" }).trim().min(1, "is required: say why").max(2000, "must be at most 2000 characters"),
});

export const cancelRotationInput = z.object({ note: noteField });

export const oldSecretDispositions = ["superseded", "revoked"] as const;

/**
 * Completing a rotation: the new secret's metadata (never its value: `fingerprintOf` is hashed once
 * and dropped), what became of the old secret, and the deploy/revoke checklist.
 */
export const completeRotationInput = z.object({
  newSecret: z.object({
    kind: oneOf(secretKinds),
    storage: oneOf(secretStorages),
    storageRef: optionalText(1000),
    /** Defaults to the moment of completion. */
    issuedAt: instantField.optional(),
    expiresAt: optionalInstant,
    fingerprintOf: z.string().min(1).max(65_536).optional(),
  }),
  oldSecretDisposition: oneOf(oldSecretDispositions).default("superseded"),
  checklist: z
    .object({
      deployedToAllConsumers: z.boolean({ error: "must be true or false" }).default(false),
      oldSecretRevoked: z.boolean({ error: "must be true or false" }).default(false),
    })
    .default({ deployedToAllConsumers: false, oldSecretRevoked: false }),
  note: noteField,
});
export type CompleteRotationInput = z.output<typeof completeRotationInput>;

/** Status tabs of the Rotations page: a state, every open one (requested or approved), or all. */
export const rotationStatusFilters = ["open", ...rotationStates, "all"] as const;
export type RotationStatusFilter = (typeof rotationStatusFilters)[number];

/** Completed rotations against the due date recorded at request time (requests without one are neither). */
export const rotationTimeliness = ["on_time", "late"] as const;
const withinDays = z.coerce.number({ error: "must be a whole number of days" }).int("must be a whole number of days").min(1, "must be at least 1").max(3650, "must be at most 3650");

export const rotationRequestFilters = z.object({
  status: oneOf(rotationStatusFilters).default("all"),
  credentialId: idField.optional(),
  teamId: idField.optional(),
  environment: oneOf(environments).optional(),
  /** Completed within the last N days. */
  completedWithin: withinDays.optional(),
  timeliness: oneOf(rotationTimeliness).optional(),
  cursor: cursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RotationRequestFilters = z.output<typeof rotationRequestFilters>;

// --- Leak incidents ---------------------------------------------------------------------------

export const reportLeakInput = z.object({
  source: z.string({ error: "is required" }).trim().min(1, "is required: where was it found?").max(1000, "must be at most 1000 characters"),
  detectedAt: instantField,
  note: noteField,
});
export type ReportLeakInput = z.output<typeof reportLeakInput>;

export const incidentStatusFilters = ["open", "remediated", "all"] as const;

export const incidentFilters = z.object({
  status: oneOf(incidentStatusFilters).default("all"),
  credentialId: idField.optional(),
  teamId: idField.optional(),
  environment: oneOf(environments).optional(),
  /** Remediated within the last N days. */
  remediatedWithin: withinDays.optional(),
  cursor: cursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type IncidentFilters = z.output<typeof incidentFilters>;
