import "server-only";
import fs from "node:fs";
import path from "node:path";

/**
 * The data directory holds the embedded database (password hashes reach its WAL), the instance
 * secrets and the audit checkpoints: no other local user may read or change any of it (issue 13
 * item 3). Created 0700; an existing one is tightened at start (the directory to 0700, everything in
 * it stripped of group and other bits, as files made under a loose umask may be); if it still is
 * group- or world-accessible (not ours to chmod), start-up stops with the command that fixes it.
 * POSIX only: Windows has no mode bits to check.
 */
export function ensurePrivateDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === "win32") return;
  try {
    fs.chmodSync(dir, 0o700);
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isSymbolicLink()) continue; // chmod would follow it out of the directory
      const file = path.join(entry.parentPath, entry.name);
      const mode = fs.statSync(file).mode & 0o777;
      if (mode & 0o077) fs.chmodSync(file, mode & 0o700);
    }
  } catch {
    // Judged below: what matters is the directory's resulting mode.
  }
  if ((fs.statSync(dir).mode & 0o077) !== 0) {
    throw new Error(
      `The data directory ${dir} is accessible to other users (mode ${(fs.statSync(dir).mode & 0o777).toString(8)}) and could not be tightened. ` +
        `Run \`chmod -R go-rwx ${dir}\` as its owner (or start Steward as that user), then start again.`,
    );
  }
}
