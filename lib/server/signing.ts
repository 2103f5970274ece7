import "server-only";
/**
 * Ed25519 signatures with the instance signing key: audit checkpoints and evidence-pack manifests.
 * The key comes from STEWARD_SIGNING_KEY (a PKCS #8 PEM, for replicas that must share it) or is
 * generated once into the data directory (signing-key.pem, 0600), like the other instance secrets.
 * Verifiers pin the public key (SPKI DER, base64), so a file signed with another key is refused.
 *
 * Plain Node module (no next/*, no server-only), so scripts and the scheduler harness can load it.
 */
import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/db";
import { ensurePrivateDataDir } from "@/db/data-dir";
import { env } from "@/lib/env";

export type SigningKey = { privateKey: KeyObject; /** SPKI DER, base64: what verifiers pin. */ publicKey: string };

const FILE_NAME = "signing-key.pem";

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("the signing key must be an Ed25519 private key (PKCS #8 PEM)");
  return { privateKey, publicKey: crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64") };
}

export function generateSigningKeyPem(): string {
  return crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** Ed25519 signature of `message` (UTF-8), base64. */
export function sign(key: SigningKey, message: string): string {
  return crypto.sign(null, Buffer.from(message, "utf8"), key.privateKey).toString("base64");
}

/** Whether `signature` is `publicKey`'s signature of `message`; malformed input is simply false. */
export { verifySignature } from "@/lib/domain/signature";

function readOrCreate(dir: string): string {
  const file = path.join(dir, FILE_NAME);
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  ensurePrivateDataDir(dir);
  const pem = generateSigningKeyPem();
  try {
    fs.writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
    return pem;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8");
    throw error;
  }
}

let cached: SigningKey | undefined;

export function instanceSigningKey(): SigningKey {
  cached ??= signingKeyFromPem(env().STEWARD_SIGNING_KEY ?? readOrCreate(dataDir()));
  return cached;
}
