import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { FormMessage } from "@/components/ui/form";

export const metadata: Metadata = { title: "Set your password · Steward", referrer: "no-referrer" };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Set your password" subtitle="Choose the password you will use to sign in to Steward.">
      {token ? <SetPasswordForm token={token} /> : <FormMessage>This link is incomplete. Open the full link you were given.</FormMessage>}
    </AuthCard>
  );
}
