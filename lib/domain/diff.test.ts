import { describe, expect, it } from "vitest";
import { diffFields } from "./diff";

describe("[AUDIT] diffFields", () => {
  it("reports only the fields that change", () => {
    expect(diffFields({ name: "A", kind: "platform" }, { name: "B", kind: "platform" })).toEqual({
      name: { from: "A", to: "B" },
    });
  });

  it("ignores undefined patch values", () => {
    expect(diffFields({ name: "A", isActive: true }, { name: undefined, isActive: false })).toEqual({
      isActive: { from: true, to: false },
    });
  });

  it("compares dates by time and arrays by content", () => {
    const before = { at: new Date(1000), ids: ["a", "b"] };
    expect(diffFields(before, { at: new Date(1000), ids: ["a", "b"] })).toEqual({});
    expect(diffFields(before, { ids: ["b", "a"] })).toEqual({ ids: { from: ["a", "b"], to: ["b", "a"] } });
    expect(diffFields(before, { at: new Date(2000) })).toEqual({ at: { from: new Date(1000), to: new Date(2000) } });
  });
});
