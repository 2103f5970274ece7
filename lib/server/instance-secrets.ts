import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { dataDir } from "@/db";
import { ensurePrivateDataDir } from "@/db/data-dir";

/**
 * Secrets Steward needs for itself: the Auth.js signing secret and the fingerprint pepper
 * (DESIGN §3.4). From the environment when set; otherwise generated once into the data
 * directory (mode 0600) so the embedded default needs no configuration. lib/env refuses a
 * production PostgreSQL deployment without them, because replicas must share them.
 */
export type InstanceSecrets = { authSecret: string; fingerprintPepper: string };

const FILE_NAME = "instance-secrets.json";

function readOrCreate(dir: string): InstanceSecrets {
  const file = path.join(dir, FILE_NAME);
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<InstanceSecrets>;
    if (typeof parsed.authSecret === "string" && typeof parsed.fingerprintPepper === "string") {
      return { authSecret: parsed.authSecret, fingerprintPepper: parsed.fingerprintPepper };
    }
    throw new Error(`${file} is malformed; restore it from backup (fingerprints depend on it)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  ensurePrivateDataDir(dir);
  const created: InstanceSecrets = {
    authSecret: crypto.randomBytes(32).toString("base64url"),
    fingerprintPepper: crypto.randomBytes(32).toString("base64url"),
  };
  try {
    fs.writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600, flag: "wx" });
    return created;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readOrCreate(dir);
    throw error;
  }
}

let cached: InstanceSecrets | undefined;

export function instanceSecrets(): InstanceSecrets {
  if (cached) return cached;
  const e = env();
  const fromEnv = { authSecret: e.AUTH_SECRET, fingerprintPepper: e.STEWARD_FINGERPRINT_PEPPER };
  const generated = fromEnv.authSecret && fromEnv.fingerprintPepper ? undefined : readOrCreate(dataDir());
  cached = {
    authSecret: fromEnv.authSecret ?? generated?.authSecret ?? "",
    fingerprintPepper: fromEnv.fingerprintPepper ?? generated?.fingerprintPepper ?? "",
  };
  return cached;
}
