import { StatusPage } from "@/components/ui/status-page";

/**
 * A 403 outside the signed-in shell. Next renders boundary components with every request (they
 * travel in the page's payload), so this one stays static: the signed-in pages' own 403 is
 * app/(app)/forbidden.tsx, inside the shell.
 */
export default function Forbidden() {
  return <StatusPage code={403} inShell={false} />;
}
