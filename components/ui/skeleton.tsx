import { cn } from "@/lib/cn";

/** A grey placeholder block (pulses; still under reduced motion, globals.css). */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn("block animate-pulse rounded bg-slate-200", className)} />;
}
