import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { AppError, type FieldErrors } from "@/lib/errors";
import { databaseUnavailable } from "./db-unavailable";
import { fieldErrorsOf, unstorableFieldsOf } from "./http";
import { describeError } from "./log";
import { currentRequestContext } from "./session";
import type { RequestContext } from "./context";

/** `values` echoes safe fields back: React resets a form after its action, and a typed email should survive. */
export type ActionState = { error?: string; fields?: FieldErrors; ok?: boolean; values?: Record<string, string> } | null;

/**
 * The server-action twin of the route wrapper, for the few forms that cannot be plain API calls
 * (they set the session cookie): FormData → zod → handler, errors → form state. CSRF is the
 * proxy's (lib/server/csrf isGuardedByProxy): every action post, wrapped or not, is checked there.
 */
export function formAction<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, ctx: RequestContext) => Promise<ActionState>,
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const input = Object.fromEntries(formData);
    const unstorable = unstorableFieldsOf(input);
    if (Object.keys(unstorable).length > 0) return { error: "Some fields need attention", fields: unstorable };
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { error: "Some fields need attention", fields: fieldErrorsOf(parsed.error) };
    try {
      return await handler(parsed.data, await currentRequestContext());
    } catch (error) {
      unstable_rethrow(error); // redirects and other Next control flow
      if (error instanceof AppError) return { error: error.message, fields: error.details?.fields };
      if (databaseUnavailable(error)) return { error: "The database is not reachable right now. Try again in a few seconds." };
      console.error(`[action] failed: ${describeError(error)}`);
      return { error: "Something went wrong. Try again." };
    }
  };
}
