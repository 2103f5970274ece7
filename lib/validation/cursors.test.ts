import { describe, expect, it } from "vitest";
import { exceptionFilters } from "./exceptions";
import { findingFilters, controlPageQuery } from "./governance";
import { listQuery } from "./common";
import { campaignListQuery, campaignTaskQuery, reviewListQuery } from "./review";
import { incidentFilters, rotationRequestFilters } from "./rotation";
import { apiTokenFilters } from "./api-tokens";

// Issue 13 item 10: a malformed cursor reached SQL (500, with the attacker's text in the log) or was
// silently read as "first page". Every list's cursor is validated: 422 naming `cursor`.
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const uuid = "0b9f5c1e-2d3a-4f5b-8c6d-7e8f9a0b1c2d";
const instant = "2026-01-01T00:00:00.000Z";

const bad = [
  ["not base64 JSON", "%%%not-a-cursor"],
  ["an id that is not a uuid", cursorOf(["Alpha", "42'\r\nFAKE LOG LINE"])],
  ["a name with NUL", cursorOf(["A\u0000", uuid])],
  ["a lone surrogate", cursorOf(["A\ud800", uuid])],
  ["three elements", cursorOf(["Alpha", uuid, "x"])],
] as const;

const nameLists = { listQuery, controlPageQuery };
const timeLists = { exceptionFilters, rotationRequestFilters, incidentFilters, apiTokenFilters };
const stringTimeLists = { campaignListQuery, reviewListQuery };

describe("[SECURITY] keyset cursors are validated (422 on cursor)", () => {
  for (const [list, schema] of Object.entries({ ...nameLists, ...timeLists, ...stringTimeLists })) {
    it.each(bad)(`${list} refuses %s`, (_what, cursor) => {
      const result = schema.safeParse({ cursor });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["cursor"]);
    });
  }

  for (const [list, schema] of Object.entries(nameLists)) {
    it(`${list} accepts a (name, uuid) cursor`, () => {
      expect(schema.safeParse({ cursor: cursorOf(["Alpha", uuid]) }).success).toBe(true);
    });
  }

  for (const [list, schema] of Object.entries({ ...timeLists, ...stringTimeLists })) {
    it(`${list} accepts an (instant, uuid) cursor and refuses a name where an instant belongs`, () => {
      expect(schema.safeParse({ cursor: cursorOf([instant, uuid]) }).success).toBe(true);
      expect(schema.safeParse({ cursor: cursorOf(["Alpha", uuid]) }).success).toBe(false);
    });
  }

  it("findingFilters accepts a (severity|instant, uuid) cursor and refuses an unknown severity, a bare instant or a name", () => {
    expect(findingFilters.safeParse({ cursor: cursorOf([`high|${instant}`, uuid]) }).success).toBe(true);
    for (const name of [`urgent|${instant}`, instant, "high|Alpha", `high|${instant}|x`, "Alpha"]) {
      expect(findingFilters.safeParse({ cursor: cursorOf([name, uuid]) }).success, name).toBe(false);
    }
  });

  it("campaign tasks accept a task id cursor only", () => {
    expect(campaignTaskQuery.safeParse({ cursor: Buffer.from(uuid).toString("base64url") }).success).toBe(true);
    expect(campaignTaskQuery.safeParse({ cursor: Buffer.from("nope").toString("base64url") }).success).toBe(false);
  });
});
