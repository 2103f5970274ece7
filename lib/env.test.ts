import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const SECRET = "s".repeat(32);

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    const envError = error as EnvError;
    // The thrown message carries every problem, so start-up output names the variables.
    for (const p of envError.problems) expect(envError.message).toContain(p);
    return envError.problems;
  }
  throw new Error("expected parseEnv to throw");
}

describe("[ENV] validation", () => {
  it("accepts an empty environment and applies the defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      DATABASE_POOL_MAX: 10,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 10,
      SIGN_IN_MAX_FAILURES_PER_ACCOUNT: 5,
      SIGN_IN_MAX_FAILURES_PER_IP: 20,
      SIGN_IN_WINDOW_MINUTES: 15,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET).toBeUndefined();
  });

  it("accepts a valid production PostgreSQL configuration", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://steward@db:5432/steward",
      AUTH_SECRET: SECRET,
      STEWARD_FINGERPRINT_PEPPER: SECRET,
      DATABASE_POOL_MAX: "25",
    });
    expect(env.DATABASE_URL).toBe("postgresql://steward@db:5432/steward");
    expect(env.DATABASE_POOL_MAX).toBe(25);
  });

  it("names DATABASE_URL when it is not a PostgreSQL URL", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://x" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL /);
    expect(problems[0]).toContain("postgres://");
  });

  it("names DATABASE_URL when it is not a URL at all", () => {
    expect(problemsOf({ DATABASE_URL: "not a url" })[0]).toMatch(/^DATABASE_URL /);
  });

  it("names the missing variables of a partial OIDC configuration", () => {
    const problems = problemsOf({ OIDC_ISSUER: "https://idp.example.test" });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith("OIDC_CLIENT_ID "))).toBe(true);
    expect(problems.some((p) => p.startsWith("OIDC_CLIENT_SECRET "))).toBe(true);
    expect(problems.some((p) => p.startsWith("OIDC_ISSUER "))).toBe(false);
  });

  it("names OIDC_ISSUER when only the client is configured", () => {
    const problems = problemsOf({ OIDC_CLIENT_ID: "steward", OIDC_CLIENT_SECRET: "secret" });
    expect(problems).toEqual([expect.stringMatching(/^OIDC_ISSUER /)]);
  });

  it("accepts a complete OIDC configuration", () => {
    const env = parseEnv({ OIDC_ISSUER: "https://idp.example.test", OIDC_CLIENT_ID: "steward", OIDC_CLIENT_SECRET: "secret" });
    expect(env.OIDC_CLIENT_ID).toBe("steward");
  });

  it("requires AUTH_SECRET and STEWARD_FINGERPRINT_PEPPER for production on PostgreSQL", () => {
    const problems = problemsOf({ NODE_ENV: "production", DATABASE_URL: "postgres://db/steward" });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith("AUTH_SECRET "))).toBe(true);
    expect(problems.some((p) => p.startsWith("STEWARD_FINGERPRINT_PEPPER "))).toBe(true);
  });

  it("does not require the secrets for embedded production or for development on PostgreSQL", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: "development", DATABASE_URL: "postgres://db/steward" })).not.toThrow();
  });

  it("names a secret that is too short", () => {
    expect(problemsOf({ AUTH_SECRET: "short" })).toEqual([expect.stringMatching(/^AUTH_SECRET .*32/)]);
  });

  it.each([
    ["DATABASE_POOL_MAX", "abc"],
    ["DATABASE_POOL_MAX", "0"],
    ["DATABASE_POOL_MAX", "101"],
    ["DATABASE_POOL_MAX", "2.5"],
    ["SIGN_IN_MAX_FAILURES_PER_ACCOUNT", "-1"],
    ["SIGN_IN_WINDOW_MINUTES", "1441"],
    ["DATABASE_CONNECT_TIMEOUT_SECONDS", "ten"],
  ])("names %s=%s as a bad number", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} must be a whole number`));
  });

  it("accepts numbers at the boundaries", () => {
    const env = parseEnv({ DATABASE_POOL_MAX: "1", SIGN_IN_MAX_FAILURES_PER_ACCOUNT: "1000", SIGN_IN_WINDOW_MINUTES: " 1440 " });
    expect(env.DATABASE_POOL_MAX).toBe(1);
    expect(env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT).toBe(1000);
    expect(env.SIGN_IN_WINDOW_MINUTES).toBe(1440);
  });

  it("usage retention: raw events 7 days and rollups 400 by default, each within its range", () => {
    expect(parseEnv({})).toMatchObject({ USAGE_RAW_RETENTION_DAYS: 7, USAGE_ROLLUP_RETENTION_DAYS: 400 });
    expect(parseEnv({ USAGE_RAW_RETENTION_DAYS: "1", USAGE_ROLLUP_RETENTION_DAYS: "3650" })).toMatchObject({ USAGE_RAW_RETENTION_DAYS: 1, USAGE_ROLLUP_RETENTION_DAYS: 3650 });
    expect(problemsOf({ USAGE_RAW_RETENTION_DAYS: "0", USAGE_ROLLUP_RETENTION_DAYS: "29" }).map((p) => p.split(" ")[0]).sort()).toEqual(["USAGE_RAW_RETENTION_DAYS", "USAGE_ROLLUP_RETENTION_DAYS"]);
    // Rollups outlive the raw events they summarise ("was anything ever reported" reads them alone).
    expect(parseEnv({ USAGE_RAW_RETENTION_DAYS: "60", USAGE_ROLLUP_RETENTION_DAYS: "60" })).toMatchObject({ USAGE_RAW_RETENTION_DAYS: 60, USAGE_ROLLUP_RETENTION_DAYS: 60 });
    expect(problemsOf({ USAGE_RAW_RETENTION_DAYS: "90", USAGE_ROLLUP_RETENTION_DAYS: "60" })).toEqual([expect.stringMatching(/^USAGE_ROLLUP_RETENTION_DAYS .*at least USAGE_RAW_RETENTION_DAYS \(90\)/)]);
  });

  it("names NODE_ENV when it is not a known mode", () => {
    expect(problemsOf({ NODE_ENV: "staging" })[0]).toMatch(/^NODE_ENV /);
  });

  it("treats empty and blank strings as unset", () => {
    const env = parseEnv({
      DATABASE_URL: "",
      AUTH_SECRET: "   ",
      DATABASE_POOL_MAX: "",
      OIDC_ISSUER: "",
      OIDC_CLIENT_ID: "",
      OIDC_CLIENT_SECRET: " ",
      NODE_ENV: "",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.NODE_ENV).toBe("development");
    expect(env.OIDC_ISSUER).toBeUndefined();
  });

  it("does not count an empty OIDC variable as a partial configuration", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "", OIDC_CLIENT_ID: "", OIDC_CLIENT_SECRET: "" })).not.toThrow();
  });

  it("reports every bad value at once", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://x", DATABASE_POOL_MAX: "zero", AUTH_URL: "ftp://x" });
    const names = problems.map((p) => p.split(" ")[0]).sort();
    expect(names).toEqual(["AUTH_URL", "DATABASE_POOL_MAX", "DATABASE_URL"]);
  });

  it("ignores variables it does not know", () => {
    expect(() => parseEnv({ PATH: "/usr/bin", HOME: "/root" })).not.toThrow();
  });
});
