import { FindingsSection } from "./findings-section";
import { ReviewSection } from "./review-section";
import { RotationSection } from "./rotation-section";
import type { LifecycleSectionProps } from "./types";

/** The credential's Lifecycle tab (DESIGN §6): rotations, reviews and decommissioning, findings and incidents. */
export function LifecyclePanel(props: LifecycleSectionProps) {
  return (
    <div className="space-y-6">
      <FindingsSection {...props} />
      <RotationSection {...props} />
      <ReviewSection {...props} />
    </div>
  );
}
