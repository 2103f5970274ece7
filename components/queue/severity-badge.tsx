import { Badge } from "@/components/ui/layout";

const tones = { critical: "red", high: "red", medium: "amber", low: "slate" } as const;
const labels = { critical: "Critical", high: "High", medium: "Medium", low: "Low" } as const;

/** A finding's severity (DESIGN §5): the colour helps, the word carries the meaning. */
export function SeverityBadge({ severity }: { severity: keyof typeof tones }) {
  return <Badge tone={tones[severity]}>{labels[severity]}</Badge>;
}
