import { CircleAlert, Info, OctagonAlert, TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/layout";

const tones = { critical: "critical", high: "orange", medium: "amber", low: "slate" } as const;
const labels = { critical: "Critical", high: "High", medium: "Medium", low: "Low" } as const;
const icons = { critical: OctagonAlert, high: TriangleAlert, medium: CircleAlert, low: Info } as const;

/** A finding's severity (DESIGN §5): colour and icon differ per level, the word carries the meaning. */
export function SeverityBadge({ severity }: { severity: keyof typeof tones }) {
  const Icon = icons[severity];
  return (
    <span data-testid="severity-badge" data-severity={severity}>
      <Badge tone={tones[severity]}>
        <Icon className="mr-1 h-3 w-3" aria-hidden="true" />
        {labels[severity]}
      </Badge>
    </span>
  );
}
