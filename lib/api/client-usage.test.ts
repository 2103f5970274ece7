import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The browser reaches /api/v1 only through lib/api/client.ts, whose types come from the endpoint
 * contracts; a hand-written fetch or a cast of a response body would let a component drift from
 * the contract without the compiler noticing.
 */
const root = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Each line of the files that matches, as "file:line: text". */
function offending(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${String(i + 1)}: ${line.trim()}`] : [])),
  );
}

const client = path.join("lib", "api", "client.ts");
const everywhere = ["app", "components", "lib"].flatMap(sources).filter((f) => f !== client);
const ui = sources("components");

describe("[API client] one typed road from the browser to /api/v1", () => {
  it("no fetch of /api outside the client", () => {
    expect(offending(everywhere, /\bfetch\(\s*[`"']\/api/)).toEqual([]);
  });

  it("components make no fetch of their own and use no untyped caller", () => {
    expect(offending(ui, /\bfetch\(|\bapiFetch\b|@\/lib\/api-client\b/)).toEqual([]);
  });

  it("components write no /api/v1 path by hand: it comes from the endpoint contract", () => {
    expect(offending(ui, /[`"']\/api\/v1/)).toEqual([]);
  });

  it("components cast no response body", () => {
    expect(offending(ui, /\.json\(\)\)?\s+as\b|\bas unknown\b|\)\s+as\s+\{|\bapiCall<|\bas\s+[A-Z]\w*(Dto|Result|Page|Response)\b/)).toEqual([]);
  });

  it("the patterns catch what they are for", () => {
    const probe = (text: string, re: RegExp) => re.test(text);
    expect(probe('await fetch("/api/v1/x")', /\bfetch\(\s*[`"']\/api/)).toBe(true);
    expect(probe("return (await response.json()) as DryRunResult;", /\.json\(\)\)?\s+as\b/)).toBe(true);
    expect(probe("const x = data as unknown as T", /\bas unknown\b/)).toBe(true);
  });
});
