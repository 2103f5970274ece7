import { controls } from "./catalog/frameworks";
import { rulesFor } from "./catalog/mapping";
import type { Control, ControlStatus, FrameworkId } from "./catalog/types";

/** A live finding as control status needs it. */
export type LiveFinding = { id: string; ruleId: string; status: "open" | "excepted"; severity: string; openedAt: Date | string };

export type CredentialControl = { control: Control; status: ControlStatus; rules: string[]; evidence: LiveFinding[] };

/**
 * Status of one control for one credential (DESIGN §5.2): `fail` when an open finding of a mapped
 * rule exists; else `excepted` when only excepted ones do; else `pass` when a mapped rule applies;
 * else `not_applicable`.
 */
export function controlStatus(mappedRules: readonly string[], applicableRules: readonly string[], live: readonly Pick<LiveFinding, "ruleId" | "status">[]): ControlStatus {
  const relevant = live.filter((f) => mappedRules.includes(f.ruleId));
  if (relevant.some((f) => f.status === "open")) return "fail";
  if (relevant.length > 0) return "excepted";
  return mappedRules.some((r) => applicableRules.includes(r)) ? "pass" : "not_applicable";
}

/** Every mapped control (of the chosen frameworks) with its status for one credential. Controls no rule maps to (AC-1) are left out. */
export function credentialControls(applicableRules: readonly string[], live: readonly LiveFinding[], frameworks?: readonly FrameworkId[]): CredentialControl[] {
  return controls
    .filter((c) => !frameworks || frameworks.includes(c.framework))
    .flatMap((control) => {
      const rules = rulesFor(control);
      if (rules.length === 0) return [];
      const evidence = live.filter((f) => (rules as readonly string[]).includes(f.ruleId));
      return [{ control, status: controlStatus(rules, applicableRules, evidence), rules, evidence }];
    });
}

/** Coverage = pass / (pass + fail); null when neither (nothing to measure). Excepted and n/a stay out. */
export function coverage(counts: { pass: number; fail: number }): number | null {
  const measured = counts.pass + counts.fail;
  return measured === 0 ? null : counts.pass / measured;
}
