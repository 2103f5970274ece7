import { z } from "zod";
import { INVALID_CURSOR, isInstantText, unstorableTextProblem } from "./common";

/**
 * Usage pages' query strings (DESIGN §5.4). The Unknown clients list pages by (last seen, issuer,
 * client id): usage_clients has no uuid id, so its cursor is its own opaque triple, refused (422 or
 * dropped by a page) unless `encodeUnknownClientCursor` made it.
 */
export type UnknownClientCursor = { lastSeenAt: string; issuer: string; clientId: string };

export function encodeUnknownClientCursor(c: UnknownClientCursor): string {
  return Buffer.from(JSON.stringify([c.lastSeenAt, c.issuer, c.clientId]), "utf8").toString("base64url");
}

export const unknownClientCursorField = z
  .string()
  .max(2048)
  .transform((value, ctx): UnknownClientCursor => {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
      if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((p) => typeof p === "string" && unstorableTextProblem(p) === null)) {
        const [lastSeenAt, issuer, clientId] = parsed as [string, string, string];
        if (isInstantText(lastSeenAt)) return { lastSeenAt, issuer, clientId };
      }
    } catch {
      // fall through
    }
    ctx.addIssue({ code: "custom", message: INVALID_CURSOR });
    return z.NEVER;
  });

export const unknownClientsQuery = z.object({
  cursor: unknownClientCursorField.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** "Register" on the Unknown clients page opens the new-credential form with these filled in. */
export const credentialPrefillQuery = z.object({
  clientId: z.string().trim().min(1).max(500).refine((v) => unstorableTextProblem(v) === null).optional(),
  serverId: z.uuid().optional(),
});

/** The answer to a usage batch (DESIGN §8.7): events read, new ones stored, re-sent ones ignored. */
export const ingestResultDto = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
});
export type IngestResultDto = z.output<typeof ingestResultDto>;
