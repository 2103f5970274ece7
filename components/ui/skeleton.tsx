import { cn } from "@/lib/cn";

/**
 * A grey placeholder block. It pulses only when the user has not asked for reduced motion
 * (motion-safe); under prefers-reduced-motion it stays still (docs/ui.md).
 */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn("block rounded bg-slate-200 motion-safe:animate-pulse", className)} />;
}
