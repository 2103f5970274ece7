import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateDemoOrganisation } from "./generate";

/**
 * The generator's output pinned byte for byte (issue 19 §6): splitting generate.ts into modules must not move one
 * random draw or one field. A deliberate change to the demo data updates these hashes in the same commit.
 */
const now = new Date("2025-06-11T12:00:00Z");
const sha256 = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

describe("[DEMO] generated organisation is pinned", () => {
  it.each([
    [1, "fd0c3ff33e20a30443ca9f831042a6595f1b69891020c2eceab7f9cedee16521"],
    [2, "a9173e9e8e370b608c6998bdd223e0bd376c7174dac35c58afc5a66990ab157c"],
  ])("seed %i hashes to the pinned value", (seed, expected) => {
    expect(sha256(generateDemoOrganisation(now, { seed }))).toBe(expected);
  });
});
