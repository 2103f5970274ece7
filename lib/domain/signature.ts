import crypto from "node:crypto";

/**
 * Ed25519 signature checks, pure (no key files, no database): shared by the server's signing module
 * and the evidence-pack verifier, which runs in a script or a browser test without the instance.
 */
export function verifySignature(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ed25519" && crypto.verify(null, Buffer.from(message, "utf8"), key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
