import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { countUsers } from "@/db/queries/users";
import { pagePermissions, type PageRoute } from "@/lib/authz/pages";
import { can, type Permission } from "@/lib/authz/permissions";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "./audited";
import { auditContext, type Actor, type RequestContext } from "./context";
import { currentRequestContext } from "./session";

/** Whether first-run setup is done: asked before anyone is signed in (sign-in and setup pages, the guard below). */
export async function hasUsers(): Promise<boolean> {
  return (await countUsers(await getDb())) > 0;
}

/** Pages call this first: the signed-in actor, or a redirect to sign-in (or to first-run setup). */
export async function requireSignedIn(): Promise<RequestContext & { actor: Actor }> {
  const ctx = await currentRequestContext();
  if (!ctx.actor) {
    if (!(await hasUsers())) redirect("/setup");
    const path = (await headers()).get("x-pathname");
    redirect(path && path !== "/" ? `/login?next=${encodeURIComponent(path)}` : "/login");
  }
  return { ...ctx, actor: ctx.actor };
}

/** The page-side twin of the API wrapper's check: denied → audited → 403 page. */
export async function requirePermission(permission: Permission): Promise<RequestContext & { actor: Actor }> {
  const ctx = await requireSignedIn();
  if (!can(ctx.actor.role, permission)) {
    const path = (await headers()).get("x-pathname") ?? "";
    await recordAuditEvent(await getDb(), auditContext(ctx), {
      action: "authz.denied",
      payload: { permission, method: "GET", path },
    });
    forbidden();
  }
  return ctx;
}

/** A page's guard, by its route in the page table (lib/authz/pages). */
export function requirePage(route: PageRoute): Promise<RequestContext & { actor: Actor }> {
  return requirePermission(pagePermissions[route]);
}

/**
 * A read function's refusal as the page shows it: a record the viewer may not see → the 403 page,
 * an unknown one → the 404 page (read functions throw AppError so they stay testable outside Next).
 */
export async function pageRead<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN") forbidden();
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
