import { sql } from "drizzle-orm";
import { dbReady } from "@/db";
import { AppError } from "@/lib/errors";
import { errorResponse, json } from "@/lib/server/http";
import { requestIdOf } from "@/lib/server/request-meta";

export const dynamic = "force-dynamic";

const TIMEOUT_MS = 2000;

export async function GET(request: Request) {
  try {
    const handle = await dbReady();
    await Promise.race([
      handle.db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS)),
    ]);
    return json({ status: "ready", database: handle.driver });
  } catch {
    return errorResponse(new AppError("UNAVAILABLE", "The database is not reachable"), requestIdOf(request.headers));
  }
}
