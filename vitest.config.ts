import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // `server-only` throws outside the React server bundle; the code under test is server code.
      "server-only": path.resolve(__dirname, "tests/support/empty.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each open their own databases; two workers suit this 2-core machine.
    pool: "forks",
    // Fixed test secrets: nothing generated into ./data, fingerprints reproducible.
    env: {
      AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789",
      STEWARD_FINGERPRINT_PEPPER: "test-fingerprint-pepper-0123456789abcdef",
      // A fixed test-only Ed25519 key and a scratch directory: the audit-checkpoint job writes nothing into ./data.
      STEWARD_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEILO05D+ae2WyeUNCfOhG5/MaryM8MQS2PqKR5EjbiifJ\n-----END PRIVATE KEY-----\n",
      AUDIT_CHECKPOINT_DIR: path.join(os.tmpdir(), "steward-test-audit-checkpoints"),
    },
    maxWorkers: 2,
  },
});
