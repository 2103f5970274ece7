import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import { countUsers } from "@/db/queries/users";
import { pagePermissions, pageRouteOf, type PageRoute } from "@/lib/authz/pages";
import { can, type Permission } from "@/lib/authz/permissions";
import { AppError } from "@/lib/errors";
import { idField } from "@/lib/validation/common";
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

/**
 * One audit event per refused request: the guarded layout and the page both check (see
 * requireRequestedPage) and Next renders them in parallel; React's cache lasts one request (its
 * key is the permission and path: the actor is the request's own).
 */
const recordPageDenial = cache(async (permission: Permission, path: string) => {
  await recordAuditEvent(await getDb(), auditContext(await requireSignedIn()), {
    action: "authz.denied",
    payload: { permission, method: "GET", path },
  });
});

/** The page-side twin of the API wrapper's check: denied → audited → 403 page. */
export async function requirePermission(permission: Permission): Promise<RequestContext & { actor: Actor }> {
  const ctx = await requireSignedIn();
  if (!can(ctx.actor.role, permission)) {
    await recordPageDenial(permission, (await headers()).get("x-pathname") ?? "");
    forbidden();
  }
  return ctx;
}

/**
 * The guarded layout's guard (app/(app)/(guarded)/layout.tsx): the page this request is for (the
 * path proxy.ts passes on), checked outside every loading.tsx boundary. A route's loading.tsx
 * streams its page inside a Suspense boundary, so a refusal thrown by the page itself comes after
 * the 200 has been sent; thrown here, it is a real 403. Pages keep their own requirePage: a client
 * navigation does not re-run the layout.
 */
export async function requireRequestedPage(): Promise<RequestContext & { actor: Actor }> {
  const path = (await headers()).get("x-pathname");
  const route = path ? pageRouteOf(path) : null;
  return route ? requirePage(route) : requireSignedIn();
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

/** A record page's `[id]`: one that cannot be an id names no record, so the page is a 404 before any read. */
export async function pageRecordId(params: Promise<{ id: string }>): Promise<string> {
  const { id } = await params;
  if (!idField.safeParse(id).success) notFound();
  return id;
}
