import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { hashPassword } from "../../lib/server/passwords";
import { signIn } from "../bench/app";

/** HTTP to the app under test: a session (cookie + same-origin header) or an API token (Bearer). */
export type Auth = { cookie: string; origin: string } | { bearer: string };

export type Answer = { status: number; headers: Headers; body: unknown; text: string; ms: number; requestId: string | null };

export async function call(
  base: string,
  auth: Auth | null,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (auth && "bearer" in auth) headers.authorization = `Bearer ${auth.bearer}`;
  if (auth && "cookie" in auth) {
    headers.cookie = auth.cookie;
    headers.origin = auth.origin;
  }
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    redirect: "manual",
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  const envelope = body as { error?: { requestId?: string } } | null;
  return { status: res.status, headers: res.headers, body, text, ms: performance.now() - started, requestId: envelope?.error?.requestId ?? res.headers.get("x-request-id") };
}

/** Throws unless the answer has the expected status; returns its JSON body. */
export async function expectStatus<T>(answer: Promise<Answer> | Answer, status: number, what: string): Promise<T> {
  const a = await answer;
  if (a.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${a.status}: ${a.text.slice(0, 500)}`);
  return a.body as T;
}

export type Admin = { userId: string; email: string; password: string; session: Auth; token: string };

/**
 * The first admin, written straight into the (migrated) database like `npm run bench` does, signed
 * in through Auth.js, with an API token created through `/api/v1/me/tokens` (a session-only route).
 */
export async function firstAdmin(base: string, databaseUrl: string): Promise<Admin> {
  const password = randomBytes(18).toString("base64url");
  const email = `fault-admin-${randomBytes(4).toString("hex")}@fault.example`;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  let userId: string;
  try {
    const [row] = await sql<{ id: string }[]>`insert into users (email, name, role, password_hash) values (${email}, 'Fault admin', 'admin', ${await hashPassword(password)}) returning id`;
    if (!row) throw new Error("no user row");
    userId = row.id;
    await sql`insert into people (email, name) values (${email}, 'Fault admin') on conflict do nothing`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  const session = await signInSession(base, email, password);
  const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const created = await expectStatus<{ secret: string }>(call(base, session, "POST", "/api/v1/me/tokens", { body: { name: "fault tests", expiresAt } }), 201, "create an API token");
  return { userId, email, password, session, token: created.secret };
}

export async function signInSession(base: string, email: string, password: string): Promise<Auth> {
  return { cookie: await signIn(base, email, password), origin: base };
}
