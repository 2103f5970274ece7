import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto mt-16 max-w-md px-4">
      <PageSkeleton variant="form" />
    </div>
  );
}
