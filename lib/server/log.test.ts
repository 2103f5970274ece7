import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describeError, logText } from "./log";

describe("[SECURITY] log lines cannot be forged and carry no query parameters (issue 13 item 10)", () => {
  it("escapes CR, LF and other control characters", () => {
    expect(logText("a\r\n[api] GET / request=forged\u001b[31m\u2028b")).toBe("a\\r\\n[api] GET / request=forged\\u001b[31m\\u2028b");
  });

  it("drops a failed query's parameters and keeps the driver's error on the same line", () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "x\n[api] forged"'), { code: "22P02" });
    const error = new DrizzleQueryError('select * from "teams" where "id" > $1', ["x\n[api] forged", "canary-value"], cause);
    const line = describeError(error, 3);
    expect(line).not.toContain("\n");
    expect(line).not.toContain("canary-value");
    expect(line).toContain('Failed query: select * from \\"teams\\"'.replace(/\\"/g, '"'));
    expect(line).toContain("[22P02]");
    expect(line).toMatch(/\| at /);
  });
});
