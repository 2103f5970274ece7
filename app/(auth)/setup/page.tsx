import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { countUsers } from "@/db/queries/users";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { setupAction } from "../actions";

export const metadata: Metadata = { title: "Set up · Steward" };

export default async function SetupPage() {
  // Setup exists only until the first user does.
  if ((await countUsers(await getDb())) > 0) redirect("/login");
  return (
    <AuthCard
      title="Welcome to Steward"
      subtitle="Create the first administrator. You can invite your security team, owners and auditors next."
    >
      <SetupForm action={setupAction} />
    </AuthCard>
  );
}
