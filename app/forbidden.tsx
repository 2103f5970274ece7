import { StatusPage } from "@/components/ui/status-page";

export default function Forbidden() {
  return <StatusPage code={403} inShell={false} />;
}
