import { StatusPage } from "@/components/ui/status-page";

/** A signed-in page the role may not open: inside the shell, so in its <main>. */
export default function Forbidden() {
  return <StatusPage code={403} inShell />;
}
