import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/domain/audit-chain";
import { requestHash } from "./idempotency";

describe("[SECURITY] idempotency request hashes are keyed (issue 13 item 8)", () => {
  // A body may carry a pasted secret value (e.g. `value` for a fingerprint). A plain SHA-256 of it,
  // kept for 24 h, lets anyone with a database copy confirm guesses of that value offline.
  const body = { value: "hunter2-pasted-secret", name: "n" };

  it("is not the plain SHA-256 of the request", () => {
    const plain = createHash("sha256").update(`POST /api/v1/x\n${canonicalJson(body)}`).digest("hex");
    expect(requestHash("POST", "/api/v1/x", body)).not.toBe(plain);
  });

  it("depends on the instance key, and still matches the same request under it", () => {
    expect(requestHash("POST", "/p", body, "key-a")).not.toBe(requestHash("POST", "/p", body, "key-b"));
    expect(requestHash("POST", "/p", { a: 1, b: 2 }, "key-a")).toBe(requestHash("POST", "/p", { b: 2, a: 1 }, "key-a"));
    expect(requestHash("POST", "/p", body)).toMatch(/^[0-9a-f]{64}$/);
  });
});
