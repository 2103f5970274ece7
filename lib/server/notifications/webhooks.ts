import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { teams, webhookEndpoints } from "@/db/schema";
import { diffFields } from "@/lib/domain/diff";
import { env } from "@/lib/env";
import { invalidInput, notFound } from "@/lib/errors";
import type { UpdateWebhookInput, WebhookInput } from "@/lib/validation/notifications";
import { audited } from "@/lib/server/audited";
import { auditContext, type RequestContext } from "@/lib/server/context";
import { instanceSecrets } from "@/lib/server/instance-secrets";
import { vetWebhookUrl, WebhookUrlError } from "./webhook-send";
import { webhookSigningKey } from "./webhook-signing";

const columns = {
  id: webhookEndpoints.id,
  name: webhookEndpoints.name,
  url: webhookEndpoints.url,
  teamId: webhookEndpoints.teamId,
  teamName: teams.name,
  isActive: webhookEndpoints.isActive,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

/** Admins manage a handful of endpoints: the list is small by nature, bounded anyway. */
export function listWebhooks(db: Queryable) {
  return db.select(columns).from(webhookEndpoints).leftJoin(teams, eq(teams.id, webhookEndpoints.teamId)).orderBy(asc(webhookEndpoints.name), asc(webhookEndpoints.id)).limit(500);
}

async function getWebhook(db: Queryable, id: string) {
  const [row] = await db.select(columns).from(webhookEndpoints).leftJoin(teams, eq(teams.id, webhookEndpoints.teamId)).where(eq(webhookEndpoints.id, id));
  return row ?? null;
}

/** The SSRF guard at the door: a URL on a blocked address is a 422 naming `url`. Delivery checks again. */
async function assertDeliverableUrl(url: string): Promise<string> {
  try {
    return (await vetWebhookUrl(url, env().DISCOVERY_ALLOW_PRIVATE_ADDRESSES)).url.toString();
  } catch (error) {
    if (error instanceof WebhookUrlError) throw invalidInput({ url: [error.message] }, `url ${error.message}`);
    throw error;
  }
}

async function assertTeam(db: Queryable, teamId: string | null | undefined) {
  if (!teamId) return;
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  if (!row) throw invalidInput({ teamId: ["is not a known team"] });
}

/** The URL is stored as given (it may carry a receiver's token, as Slack's do) and shown only to admins. */
export async function createWebhook(db: Db, ctx: RequestContext, input: WebhookInput) {
  const url = await assertDeliverableUrl(input.url);
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await assertTeam(tx, input.teamId);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ name: input.name, url, teamId: input.teamId ?? null, createdById: ctx.actor?.userId ?? null })
      .returning({ id: webhookEndpoints.id });
    if (!row) throw new Error("insert returned no row");
    // The audit payload names the host, not the full URL: its path may be a receiver's bearer token.
    await audit({ action: "webhook.created", targetType: "webhook", targetId: row.id, payload: { name: input.name, host: new URL(url).host, teamId: input.teamId ?? null } });
    const created = await getWebhook(tx, row.id);
    if (!created) throw notFound("Webhook");
    return { ...created, signingKey: webhookSigningKey(instanceSecrets().authSecret, row.id) };
  });
}

export async function updateWebhook(db: Db, ctx: RequestContext, id: string, input: UpdateWebhookInput) {
  const url = input.url !== undefined ? await assertDeliverableUrl(input.url) : undefined;
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getWebhook(tx, id);
    if (!before) throw notFound("Webhook");
    if (input.teamId !== undefined) await assertTeam(tx, input.teamId);
    const next = { ...input, ...(url !== undefined ? { url } : {}) };
    const changes = diffFields(before, next);
    if (Object.keys(changes).length === 0) return before;
    await tx
      .update(webhookEndpoints)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id));
    const { url: urlChange, ...rest } = changes as Record<string, unknown>;
    await audit({ action: "webhook.updated", targetType: "webhook", targetId: id, payload: { changes: rest, ...(urlChange !== undefined && url ? { host: new URL(url).host, urlChanged: true } : {}) } });
    return (await getWebhook(tx, id)) ?? before;
  });
}
