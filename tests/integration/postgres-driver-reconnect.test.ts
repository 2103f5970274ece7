import net from "node:net";
import postgres from "postgres";
import { describe, expect, it } from "vitest";

/**
 * postgres.js 3.4.9: when a connection's socket closes while a query's bytes wait for the next
 * setImmediate flush, closed() cancels the immediate but keeps its handle (and the unsent bytes).
 * The reconnected socket's startup message then waits behind a flush that never comes: every query
 * given to that connection hangs until connect_timeout (seen as a request hanging > 5 s in the
 * "database stopped" fault test). patches/postgres+3.4.9.patch clears both; this reproduces the
 * event order exactly: the close is handled (a microtask) after the query is written, before the flush.
 */
const url = process.env.DATABASE_URL;

describe.runIf(url)("[DB] postgres.js reconnects after a close that raced a pending write", () => {
  it("the next query on the reconnected connection answers, instead of hanging until connect_timeout", async () => {
    const target = new URL(url ?? "");
    const sockets: net.Socket[] = [];
    let closeNext = false;
    // `socket` (a function returning the connection's socket) is in postgres.js but not in its types.
    const options = {
      max: 1,
      fetch_types: false,
      connect_timeout: 5,
      onnotice: () => undefined,
      socket: () => {
        const socket = net.connect(Number(target.port || 5432), target.hostname);
        sockets.push(socket);
        return socket;
      },
      // Called as each query is built, just before its bytes are written (and their flush scheduled).
      debug: (_connection: number, query: string) => {
        if (!closeNext || !query.includes("steward-race")) return;
        closeNext = false;
        const socket = sockets.at(-1);
        queueMicrotask(() => {
          socket?.emit("close", false);
          socket?.destroy();
        });
      },
    };
    const sql = postgres(url ?? "", options);
    try {
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
      closeNext = true;
      await expect(sql.unsafe("select 2 /* steward-race */")).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
      const started = performance.now();
      expect(await sql`select 3 as three`).toEqual([{ three: 3 }]);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await sql.end({ timeout: 1 });
      for (const socket of sockets) socket.destroy();
    }
  }, 15_000);
});
