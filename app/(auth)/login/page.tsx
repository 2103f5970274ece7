import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";
import { SSO_DENIED_MESSAGE } from "@/lib/auth-messages";
import { isOidcConfigured, oidcProviderName } from "@/lib/server/auth";
import { currentActor } from "@/lib/server/session";
import { oidcSignInAction, signInAction } from "../actions";
import { hasUsers } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Sign in · Steward" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if (!(await hasUsers())) redirect("/setup");
  if (await currentActor()) redirect("/");
  const params = await searchParams;
  const ssoError = params.error === "AccessDenied" || params.error === "OAuthCallbackError" || params.error === "Configuration";
  return (
    <AuthCard title="Sign in" subtitle="Inventory and governance for non-human identities.">
      <div className="space-y-6">
        {ssoError ? <FormMessage>{SSO_DENIED_MESSAGE}</FormMessage> : null}
        {params.reset === "1" ? <FormMessage kind="success">Your password is set. Sign in with it now.</FormMessage> : null}
        <SignInForm action={signInAction} next={params.next} />
        {isOidcConfigured() ? (
          <>
            <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500">
              <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
            </div>
            <form action={oidcSignInAction}>
              <Button type="submit" variant="secondary" className="w-full">
                Sign in with {oidcProviderName()}
              </Button>
            </form>
          </>
        ) : null}
      </div>
    </AuthCard>
  );
}
