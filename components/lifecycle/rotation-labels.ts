import type { RotationReason, RotationState } from "@/lib/domain/rotation";

/** Human labels for rotation requests and leak incidents (client-safe). */
export const rotationStateLabels: Record<RotationState, string> = {
  requested: "Awaiting approval",
  approved: "Approved",
  completed: "Completed",
  rejected: "Rejected",
  cancelled: "Cancelled",
  expired: "Expired",
};

export const rotationStateTones: Record<RotationState, "slate" | "green" | "red" | "amber" | "blue"> = {
  requested: "amber",
  approved: "blue",
  completed: "green",
  rejected: "red",
  cancelled: "slate",
  expired: "slate",
};

export const rotationReasonLabels: Record<RotationReason, string> = {
  scheduled: "Scheduled",
  compromise: "Compromise (emergency)",
  owner_departure: "Owner departure",
  policy_change: "Policy change",
  other: "Other",
};

/**
 * A duration in hours (DESIGN §4.4 measures time to remediate in hours): "12 min", "3.5 h",
 * "2 d 4 h", "8 d".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const hours = seconds / 3600;
  if (hours < 1) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (hours < 48) return `${hours.toFixed(hours < 10 ? 1 : 0)} h`;
  const total = Math.round(hours);
  const days = Math.floor(total / 24);
  const rest = total - days * 24;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

export function ageOf(from: string | Date, now: Date = new Date()): string {
  const at = typeof from === "string" ? new Date(from) : from;
  return formatDuration(Math.max(0, (now.getTime() - at.getTime()) / 1000));
}
