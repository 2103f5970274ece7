import { Badge } from "@/components/ui/layout";
import type { ControlStatus } from "@/lib/domain/catalog/types";

const tones = { pass: "green", fail: "red", excepted: "amber", not_applicable: "slate" } as const;
const labels = { pass: "Pass", fail: "Fail", excepted: "Excepted", not_applicable: "Not applicable" } as const;

export function ControlStatusBadge({ status }: { status: ControlStatus }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}
