import "server-only";
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { passwordTokens, users } from "@/db/schema";
import type { Queryable } from "@/db/client";
import type { Role } from "@/lib/authz/permissions";
import { byNameThenId, nameKeyset, pageResult, searchAny } from "./keyset";

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  isActive: users.isActive,
  passwordHash: users.passwordHash,
  lastSignInAt: users.lastSignInAt,
  sessionVersion: users.sessionVersion,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export type UserRow = Awaited<ReturnType<typeof getUser>> & {};

export async function listUsers(
  db: Queryable,
  f: { q?: string; role?: Role; active?: boolean; cursor?: { name: string; id: string }; limit: number },
) {
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(
      and(
        searchAny(f.q, users.name, users.email),
        f.role === undefined ? undefined : eq(users.role, f.role),
        f.active === undefined ? undefined : eq(users.isActive, f.active),
        nameKeyset(users.name, users.id, f.cursor),
      ),
    )
    .orderBy(...byNameThenId(users.name, users.id))
    .limit(f.limit + 1);
  return pageResult(rows, f.limit);
}

export async function getUser(db: Queryable, id: string) {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Queryable, email: string) {
  const [row] = await db.select(userColumns).from(users).where(eq(users.email, email));
  return row;
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function findUsablePasswordToken(db: Queryable, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ id: passwordTokens.id, userId: passwordTokens.userId })
    .from(passwordTokens)
    .where(and(eq(passwordTokens.tokenHash, tokenHash), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)));
  return row;
}
