import fc from "fast-check";
import { propertyParameters } from "@/tests/support/property";
import { describe, expect, it } from "vitest";
import { formatGrantsCell, formatListCell, parseGrantsCell, parseListCell } from "./grants";

describe("[INVFILE] CSV grants cell", () => {
  it("parses the documented shape", () => {
    expect(parseGrantsCell("crm-api:contacts.read|contacts.write;sign-api:sign")).toEqual({
      ok: true,
      grants: [
        { api: "crm-api", scopes: ["contacts.read", "contacts.write"] },
        { api: "sign-api", scopes: ["sign"] },
      ],
    });
  });

  it.each([
    ["", []],
    ["   ", []],
    [";", []],
    ["crm-api", [{ api: "crm-api", scopes: [] }]],
    ["crm-api:", [{ api: "crm-api", scopes: [] }]],
    ["crm-api:read;", [{ api: "crm-api", scopes: ["read"] }]],
    [" crm-api : read | write ; sign-api:sign ", [{ api: "crm-api", scopes: ["read", "write"] }, { api: "sign-api", scopes: ["sign"] }]],
    // Only the first colon separates: scope names may contain colons (URNs, URLs).
    ["crm:urn:crm:contacts:read|https://api.example.test/.default", [{ api: "crm", scopes: ["urn:crm:contacts:read", "https://api.example.test/.default"] }]],
    // Escapes keep separators inside a scope name.
    ["odd:a\\|b|c\\;d|e\\\\f", [{ api: "odd", scopes: ["a|b", "c;d", "e\\f"] }]],
  ])("parses %j", (cell, grants) => {
    expect(parseGrantsCell(cell)).toEqual({ ok: true, grants });
  });

  it.each([
    [":read", /no API key/],
    ["crm:read;;sign:x", /grant 2 is empty/],
    ["crm:read||write", /empty scope name/],
    ["crm:read|", /empty scope name/],
    ["crm:read;crm:write", /"crm" is granted twice/],
    ["crm:read|read", /scope "read" twice/],
    ["crm:a\\b", /backslash/],
  ])("refuses %j with a reason", (cell, reason) => {
    const result = parseGrantsCell(cell);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it("formats what it parses (round trip, escapes included)", () => {
    const key = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/);
    const scope = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== "");
    const grants = fc.uniqueArray(fc.record({ api: key, scopes: fc.uniqueArray(scope, { maxLength: 4 }) }), { selector: (g) => g.api, maxLength: 4 });
    fc.assert(
      fc.property(grants, (g) => {
        expect(parseGrantsCell(formatGrantsCell(g))).toEqual({ ok: true, grants: g });
      }),
      propertyParameters(),
    );
  });

  it("lists: a|b, trimmed, empties dropped", () => {
    expect(parseListCell(" crm | sign ||")).toEqual(["crm", "sign"]);
    expect(parseListCell("")).toEqual([]);
    expect(formatListCell(["a", "b"])).toBe("a|b");
  });
});
