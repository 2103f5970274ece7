import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PageSkeleton variant="dashboard" label="Loading the dashboard" />;
}
