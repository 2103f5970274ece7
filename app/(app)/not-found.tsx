import { StatusPage } from "@/components/ui/status-page";

/** An unknown record (notFound() in a page): inside the shell, so in its <main>. */
export default function NotFound() {
  return <StatusPage code={404} inShell />;
}
