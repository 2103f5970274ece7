import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Queryable } from "@/db/client";
import { rotationPolicies } from "@/db/schema";
import { getPolicy } from "@/db/queries/registry";
import { diffFields } from "@/lib/domain/diff";
import { slugify } from "@/lib/domain/keys";
import { conflict, notFound } from "@/lib/errors";
import type { policyInput, updatePolicyInput } from "@/lib/validation/inventory";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { recomputeAllDue } from "./due";
import { recomputeAllPosture } from "../posture/refresh";

const POLICY_CHANGE_LOCK_KEY = 7_246_011;

/**
 * Policy changes one at a time: each rewrites every credential's due dates and posture, and two at
 * once on PostgreSQL lock the same rows in different orders (an UPDATE … FROM VALUES takes them in
 * join order) and deadlock; the loser answered 500 (found by e2e/fuzz-api.spec.ts).
 */
async function lockPolicyChanges(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${POLICY_CHANGE_LOCK_KEY})`);
}

/** A policy change can move any credential to another policy: every due date is recomputed in the same transaction. */
export async function createPolicy(db: Db, ctx: RequestContext, input: z.output<typeof policyInput>) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await lockPolicyChanges(tx);
    const key = input.key ?? slugify(input.name);
    const [taken] = await tx.select({ id: rotationPolicies.id, key: rotationPolicies.key }).from(rotationPolicies).where(eq(rotationPolicies.key, key));
    if (taken) throw conflict(`The key "${key}" is already used`, "key");
    const [sameName] = await tx.select({ id: rotationPolicies.id }).from(rotationPolicies).where(eq(rotationPolicies.name, input.name));
    if (sameName) throw conflict("A policy with this name already exists", "name");
    const [row] = await tx.insert(rotationPolicies).values({ ...input, key }).returning({ id: rotationPolicies.id });
    if (!row) throw new Error("insert returned no row");
    const recomputed = await recomputeAllDue(tx);
    await audit({ action: "policy.created", targetType: "policy", targetId: row.id, payload: { ...input, key, recomputed } });
    await recomputeAllPosture(tx, audit);
    return (await getPolicy(tx, row.id)) ?? Promise.reject(notFound("Policy"));
  });
}

export async function updatePolicy(db: Db, ctx: RequestContext, id: string, input: z.output<typeof updatePolicyInput>) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await lockPolicyChanges(tx);
    const before = await getPolicy(tx, id);
    if (!before) throw notFound("Policy");
    if (input.name && input.name !== before.name) {
      const [sameName] = await tx.select({ id: rotationPolicies.id }).from(rotationPolicies).where(eq(rotationPolicies.name, input.name));
      if (sameName) throw conflict("A policy with this name already exists", "name");
    }
    if (input.key && input.key !== before.key) {
      const [taken] = await tx.select({ id: rotationPolicies.id }).from(rotationPolicies).where(eq(rotationPolicies.key, input.key));
      if (taken) throw conflict(`The key "${input.key}" is already used`, "key");
    }
    const changes = diffFields(before, input);
    if (Object.keys(changes).length === 0) return before;
    await tx.update(rotationPolicies).set({ ...input, updatedAt: new Date() }).where(eq(rotationPolicies.id, id));
    const recomputed = await recomputeAllDue(tx);
    await audit({ action: "policy.updated", targetType: "policy", targetId: id, payload: { changes, recomputed } });
    await recomputeAllPosture(tx, audit);
    return (await getPolicy(tx, id)) ?? before;
  });
}
