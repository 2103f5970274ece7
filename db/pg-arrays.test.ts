import { describe, expect, it } from "vitest";
import { arrayLiteral } from "./pg-arrays";

describe("arrayLiteral", () => {
  it("quotes every element, escapes quotes and backslashes, keeps NULL", () => {
    expect(arrayLiteral([])).toBe("{}");
    expect(arrayLiteral(["a", null, 'say "hi"', "back\\slash", "NULL", "{,}", 3])).toBe('{"a",NULL,"say \\"hi\\"","back\\\\slash","NULL","{,}","3"}');
  });
});
