import { StatusPage } from "@/components/ui/status-page";
import { currentActor } from "@/lib/server/session";
import { SignedInShell } from "./(app)/signed-in-shell";

/**
 * A 403 from above every page's own boundary: the app layout's page check (requireRequestedPage)
 * refuses before the shell exists, so the shell is drawn here for the signed-in viewer.
 */
export default async function Forbidden() {
  const actor = await currentActor();
  if (!actor) return <StatusPage code={403} inShell={false} />;
  return (
    <SignedInShell actor={actor}>
      <StatusPage code={403} inShell />
    </SignedInShell>
  );
}
