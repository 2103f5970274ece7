import "server-only";
import fs from "node:fs";
import path from "node:path";

/**
 * PGlite has no lock of its own: two instances on one directory both open and silently lose
 * each other's writes. A PID file makes a second server on the same directory
 * fail fast. A dead or zombie owner counts as stale, so a restart after kill -9 recovers.
 */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return !/^State:\s+Z/m.test(status);
  } catch {
    return true; // No /proc (not Linux): trust kill(0).
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "pglite.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // Already gone.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockFile, "utf8").trim());
      if (owner === process.pid) return () => undefined;
      if (Number.isInteger(owner) && owner > 0 && isProcessAlive(owner)) {
        throw new Error(
          `The data directory ${dataDir} is in use by process ${owner}. Stop that Steward first, or set STEWARD_DATA_DIR to another directory.`,
          { cause: error },
        );
      }
      fs.unlinkSync(lockFile); // Stale lock from a dead process.
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}.`);
}
