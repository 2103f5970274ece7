import { PageSkeleton } from "@/components/ui/skeleton";

/** Every signed-in page while its server render streams in (issue 16 item 8); the shell stays. */
export default function Loading() {
  return <PageSkeleton />;
}
