"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db";
import { INVALID_SIGN_IN_MESSAGE, RATE_LIMIT_MESSAGE } from "@/lib/auth-messages";
import { setupInput, signInInput } from "@/lib/validation/users";
import { formAction } from "@/lib/server/action";
import { signIn, signOut } from "@/lib/server/auth";
import { currentRequestContext } from "@/lib/server/session";
import { createFirstAdmin, signOutEverywhere } from "@/lib/server/users";
import { loadDemoData } from "@/lib/server/demo";
import { describeError } from "@/lib/server/log";


/** Only same-site relative paths: an open redirect would make a phishing link look like ours. */
const nextPath = z
  .string()
  .optional()
  .transform((v) => (v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/"));

export const signInAction = formAction(signInInput.extend({ next: nextPath }), async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirectTo: input.next });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { error: error.code === "rate_limited" ? RATE_LIMIT_MESSAGE : INVALID_SIGN_IN_MESSAGE, values: { email: input.email } };
    }
    throw error;
  }
  return null;
});

export const setupAction = formAction(setupInput, async (input, ctx) => {
  const db = await getDb();
  const userId = await createFirstAdmin(db, ctx, input);
  if (input.demo === "on") {
    try {
      // The new admin loads it: the demo.loaded event names them, not an anonymous visitor.
      await loadDemoData(db, { ...ctx, actor: { userId, email: input.email, name: input.name, role: "admin" } }, new Date());
    } catch (error) {
      // The admin exists either way; say so rather than leave setup looking failed.
      console.error(`[setup] demo data not loaded: ${describeError(error)}`);
      return { error: "Your admin account was created, but the demo data could not be loaded. Sign in and start with your own records, or ask whoever runs this Steward instance to load the demo data." };
    }
  }
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: "/" });
  return null;
});

/**
 * Sign-out ends every session of the user, not just this cookie: a JWT is stateless, so a copy
 * taken earlier would otherwise work until it expires. The menu says so ("Sign out everywhere").
 */
export async function signOutAction(): Promise<void> {
  const ctx = await currentRequestContext();
  if (ctx.actor) await signOutEverywhere(await getDb(), ctx, ctx.actor.userId);
  await signOut({ redirect: false });
  redirect("/login");
}

export async function oidcSignInAction(): Promise<void> {
  await signIn("oidc", { redirectTo: "/" });
}
