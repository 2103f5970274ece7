import { z } from "zod";
import { parseCidrs } from "@/lib/cidr";

/**
 * The only reader of process.env. Every variable Steward understands is declared here,
 * validated once, and documented in .env.example. A bad value stops start-up with a
 * message that names the variable.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const urlString = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const booleanString = z.enum(["true", "false"], { error: "must be true or false" }).default("false").transform((v) => v === "true");

const secretString = (minLength: number) =>
  optionalString.refine((v) => v === undefined || v.length >= minLength, `must be at least ${minLength} characters`);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: urlString(["postgres:", "postgresql:"]).optional(),
    DATABASE_POOL_MAX: intInRange(1, 100, 10),
    DATABASE_CONNECT_TIMEOUT_SECONDS: intInRange(1, 120, 10),
    STEWARD_DATA_DIR: optionalString,
    /** Ed25519 private key (PKCS #8 PEM) signing audit checkpoints; generated into the data directory when unset. */
    STEWARD_SIGNING_KEY: optionalString,
    /** Where signed audit checkpoints are written (default: <data dir>/audit-checkpoints); best outside the database host. */
    AUDIT_CHECKPOINT_DIR: optionalString,
    AUTH_SECRET: secretString(32),
    AUTH_URL: urlString(["http:", "https:"]).optional(),
    STEWARD_FINGERPRINT_PEPPER: secretString(32),
    OIDC_ISSUER: urlString(["http:", "https:"]).optional(),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: optionalString,
    // Only for a provider that never asserts an unverified email (and omits email_verified): see .env.example.
    OIDC_EMAILS_ALWAYS_VERIFIED: booleanString,
    DISCOVERY_ALLOW_PRIVATE_ADDRESSES: booleanString,
    // Reverse proxies whose X-Forwarded-For is believed (comma-separated CIDRs); unset: the socket's address is the client's.
    TRUSTED_PROXIES: optionalString.refine((v) => {
      try {
        if (v !== undefined) parseCidrs(v);
        return true;
      } catch {
        return false;
      }
    }, "must be comma-separated addresses or CIDRs, such as 10.0.0.0/8, fd00::/8"),
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: intInRange(1, 1000, 5),
    SIGN_IN_MAX_FAILURES_PER_IP: intInRange(1, 10000, 20),
    SIGN_IN_WINDOW_MINUTES: intInRange(1, 1440, 15),
    SIGN_IN_ACCOUNT_CEILING: intInRange(1, 100_000, 50),
    // Notifications (DESIGN §8.3): the in-process scheduler (0 disables it), e-mail and delivery retries.
    SCHEDULER_INTERVAL_SECONDS: intInRange(0, 86_400, 60),
    SMTP_URL: urlString(["smtp:", "smtps:"]).optional(),
    SMTP_FROM: optionalString,
    NOTIFY_MAX_ATTEMPTS: intInRange(1, 50, 6),
    // The dashboard reads a snapshot the scheduler refreshes every tick; a read finding it older than this recounts.
    DASHBOARD_MAX_AGE_SECONDS: intInRange(5, 86_400, 300),
    // Usage posture rules (DESIGN §5.4): a granted scope unused, and a credential without token issuance, for this many days.
    USAGE_UNUSED_SCOPE_DAYS: intInRange(1, 3650, 90),
    USAGE_DORMANT_DAYS: intInRange(1, 3650, 90),
    // Usage evidence (DESIGN §8.7): raw events kept for the investigator view, day rollups for the usage rules and trends.
    USAGE_RAW_RETENTION_DAYS: intInRange(1, 365, 7),
    USAGE_ROLLUP_RETENTION_DAYS: intInRange(30, 3650, 400),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some((v) => v !== undefined) && oidc.some((v) => v === undefined)) {
      for (const key of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const) {
        if (env[key] === undefined) {
          ctx.addIssue({ code: "custom", path: [key], message: "is required when any OIDC_* variable is set" });
        }
      }
    }
    // Every raw event has its rollup rows, so "was anything ever reported" reads the rollups alone: they
    // must outlive the raw events they summarise.
    if (env.USAGE_ROLLUP_RETENTION_DAYS < env.USAGE_RAW_RETENTION_DAYS) {
      ctx.addIssue({ code: "custom", path: ["USAGE_ROLLUP_RETENTION_DAYS"], message: `must be at least USAGE_RAW_RETENTION_DAYS (${env.USAGE_RAW_RETENTION_DAYS}): rollups must outlive the raw events they summarise` });
    }
    // Embedded deployments generate their own secrets into the data directory. A production
    // PostgreSQL deployment runs replicas that must agree on them, so they must come from the environment.
    if (env.NODE_ENV === "production" && env.DATABASE_URL !== undefined) {
      for (const key of ["AUTH_SECRET", "STEWARD_FINGERPRINT_PEPPER"] as const) {
        if (env[key] === undefined) {
          ctx.addIssue({ code: "custom", path: [key], message: "is required when NODE_ENV=production and DATABASE_URL is set" });
        }
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Pure: validates a record of variables. Exported for tests. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set": shells and .env files often export NAME= .
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    return `${name} ${issue.message}`;
  });
  throw new EnvError(problems);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
