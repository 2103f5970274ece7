import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { setupAction } from "../actions";
import { hasUsers } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Set up · Steward" };

export default async function SetupPage() {
  // Setup exists only until the first user does.
  if (await hasUsers()) redirect("/login");
  return (
    <AuthCard
      title="Welcome to Steward"
      subtitle="Create the first administrator. You can invite your security team, owners and auditors next."
    >
      <SetupForm action={setupAction} />
    </AuthCard>
  );
}
