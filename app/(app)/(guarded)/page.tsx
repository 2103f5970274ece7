import { redirect } from "next/navigation";
import { requirePage } from "@/lib/server/page-guard";

/**
 * The landing page after sign-in (DESIGN §6): owners start from what needs them (My queue),
 * everyone else from the security dashboard.
 */
export default async function HomePage() {
  const { actor } = await requirePage("/");
  redirect(actor.role === "member" ? "/queue" : "/dashboard");
}
