import { createHash } from "node:crypto";

/**
 * The audit log's hash chain (DESIGN §7), as pure functions: canonical serialisation,
 * hashing, and a streaming verifier that reports the first broken link.
 */
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  seq: number;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  payload: Record<string, unknown>;
  requestId: string | null;
  /** Absent (null) on every event written before it existed: see hashEvent. */
  clientRequestId?: string | null;
  ip: string | null;
  prevHash: string;
};

export type ChainedEvent = ChainedFields & { hash: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Canonical JSON: object keys sorted by code point, no whitespace, Dates as ISO-8601 UTC, undefined dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("Non-finite numbers cannot be canonicalised");
      return value;
    case "bigint":
      return value.toString();
    case "object": {
      const out: Record<string, Json> = {};
      for (const key of Object.keys(value).sort()) {
        const v = (value as Record<string, unknown>)[key];
        if (v !== undefined) out[key] = normalise(v);
      }
      return out;
    }
    default:
      throw new TypeError(`Cannot canonicalise a ${typeof value}`);
  }
}

export function hashEvent(fields: ChainedFields): string {
  const body = canonicalJson({
    seq: fields.seq,
    occurredAt: fields.occurredAt,
    actorType: fields.actorType,
    actorId: fields.actorId,
    actorLabel: fields.actorLabel,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    payload: fields.payload,
    requestId: fields.requestId,
    // Hashed only when present (undefined is dropped), so events from before the column still verify.
    clientRequestId: fields.clientRequestId ?? undefined,
    ip: fields.ip,
  });
  return createHash("sha256").update(fields.prevHash).update("\n").update(body).digest("hex");
}

export type ChainBreak = { seq: number; reason: "gap" | "prev_hash_mismatch" | "hash_mismatch" };
export type VerifyResult = { ok: true; checked: number; head: string } | ({ ok: false; checked: number } & ChainBreak);

/** Feed events in seq order; `feed` returns the first break it sees, after which it stays broken. */
export function createChainVerifier() {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let broken: ChainBreak | undefined;
  return {
    feed(event: ChainedEvent): ChainBreak | undefined {
      if (broken) return broken;
      if (event.seq !== expectedSeq) broken = { seq: expectedSeq, reason: "gap" };
      else if (event.prevHash !== prevHash) broken = { seq: event.seq, reason: "prev_hash_mismatch" };
      else if (hashEvent(event) !== event.hash) broken = { seq: event.seq, reason: "hash_mismatch" };
      if (broken) return broken;
      checked += 1;
      expectedSeq += 1;
      prevHash = event.hash;
      return undefined;
    },
    result(): VerifyResult {
      return broken ? { ok: false, checked, ...broken } : { ok: true, checked, head: prevHash };
    },
  };
}
