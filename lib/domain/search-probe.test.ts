import { describe, expect, it } from "vitest";
import { trigramProbe } from "./search-probe";

describe("trigramProbe", () => {
  it("looks up the word with digits of an id-shaped search", () => {
    expect(trigramProbe("client-770000")).toBe("770000");
    expect(trigramProbe("svc_payments_0042_prod")).toBe("0042");
    expect(trigramProbe("0oa1b2c3d4-okta")).toBe("0oa1b2c3d4");
  });

  it("prefers more digits, then the longer word", () => {
    expect(trigramProbe("abc1-abcd12")).toBe("abcd12");
    expect(trigramProbe("ab12x-ab12xy")).toBe("ab12xy");
  });

  it("keeps the whole search for one word, words without digits, or words too short for a trigram", () => {
    expect(trigramProbe("payments")).toBeUndefined();
    expect(trigramProbe("payments api")).toBeUndefined();
    expect(trigramProbe("client-77")).toBeUndefined();
    expect(trigramProbe("770000")).toBeUndefined();
    expect(trigramProbe("%_\\")).toBeUndefined();
  });

  it("returns a word of the search, so its rows include every row of the whole", () => {
    for (const q of ["client-770000", "a1b-c2d3", "Ünïcode-123456", "x--999--yy7"]) {
      const probe = trigramProbe(q);
      expect(probe === undefined || q.toLowerCase().includes(probe.toLowerCase())).toBe(true);
    }
  });
});
