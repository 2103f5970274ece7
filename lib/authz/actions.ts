/**
 * Every server action and who may run it. Only the forms that set or clear the session cookie are
 * actions (docs/ARCHITECTURE.md); everything else is an /api/v1 endpoint. A unit test checks every
 * exported action of a "use server" file is listed, and the end-to-end suites call each one over
 * HTTP (as every role, cross-origin and without an Origin).
 */
export type ActionAccess =
  /** Anyone, signed in or not (signing in). */
  | "public"
  /** Anyone, but it does something only while no user exists yet (first-run setup). */
  | "first-run"
  /** A signed-in user; without a session it does nothing but redirect. */
  | "signed-in";

export type ServerActionRow = {
  file: string;
  /** The page whose form posts it (where the e2e suites post it). */
  page: string;
  access: ActionAccess;
  /** Whether the action takes (previous state, FormData) through formAction, or no arguments. */
  form: boolean;
};

export const serverActions = {
  signInAction: { file: "app/(auth)/actions.ts", page: "/login", access: "public", form: true },
  oidcSignInAction: { file: "app/(auth)/actions.ts", page: "/login", access: "public", form: false },
  setupAction: { file: "app/(auth)/actions.ts", page: "/setup", access: "first-run", form: true },
  signOutAction: { file: "app/(auth)/actions.ts", page: "/", access: "signed-in", form: false },
} as const satisfies Record<string, ServerActionRow>;

export type ServerActionName = keyof typeof serverActions;
