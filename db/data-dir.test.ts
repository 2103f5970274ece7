import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "./client";
import { ensurePrivateDataDir } from "./data-dir";

// Issue 13 item 3: the embedded database (password hashes in its WAL) and the instance secrets
// live in the data directory; no other local user may read or write it.
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
const made: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-datadir-"));
  made.push(dir);
  return dir;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === "win32")("[SECURITY] private data directory", () => {
  it("creates the embedded database's directory 0700, PGlite files included", async () => {
    const dir = path.join(tmp(), "data");
    const handle = await openDatabase({ driver: "pglite", dataDir: dir });
    await handle.close();
    expect(modeOf(dir)).toBe(0o700);
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      expect(modeOf(path.join(entry.parentPath, entry.name)) & 0o077, entry.name).toBe(0);
    }
  }, 120_000);

  it("tightens an existing world-readable directory and its files at start", async () => {
    const dir = tmp();
    fs.chmodSync(dir, 0o777);
    fs.writeFileSync(path.join(dir, "instance-secrets.json"), "{}", { mode: 0o644 });
    fs.chmodSync(path.join(dir, "instance-secrets.json"), 0o666);
    const handle = await openDatabase({ driver: "pglite", dataDir: dir });
    await handle.close();
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, "instance-secrets.json"))).toBe(0o600);
  }, 120_000);

  it("refuses to start, naming the fix, when the directory stays group/world accessible", () => {
    const dir = tmp();
    fs.chmodSync(dir, 0o755);
    vi.spyOn(fs, "chmodSync").mockImplementation(() => {
      throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
    });
    expect(() => ensurePrivateDataDir(dir)).toThrow(`chmod -R go-rwx ${dir}`);
  });
});
