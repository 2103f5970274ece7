import type { RuleId } from "../posture/types";
import { controls, findControl } from "./frameworks";
import type { Control, ControlKey, FrameworkId, RuleControlMap } from "./types";

/**
 * Rule → control mapping: the table of DESIGN §5.1 (plus the two rules of issue 12, below) with the
 * corrections of issue 15 (a token's lifetime and audience are IA-13(3) Token Management, not IA-11
 * re-authentication or AC-4 flow control; go-live readiness is also IA-5's revocation procedures;
 * an overdue review is tenet 6's continual re-evaluation, not tenet 4) ("tenets 3, 6" is two
 * entries; "—" none).
 * The OWASP ↔ NIST pairing it implies is Steward's own crosswalk: neither OWASP nor NIST publishes
 * one (reference/controls.md §6).
 */
const table: Record<RuleId, [owasp: string[], csf: string[], zt: number[], sp80053: string[]]> = {
  "owner-missing": [["NHI1"], ["GV.RR-02", "ID.AM-08"], [7], ["AC-2", "CM-8(4)"]],
  "backup-owner-missing": [["NHI1"], ["GV.RR-02"], [], ["AC-2"]],
  "go-live-readiness": [["NHI1"], ["GV.RR-02"], [7], ["IR-4", "AC-2", "IA-5"]],
  "rotation-overdue": [["NHI7"], ["PR.AA-01"], [6], ["IA-5"]],
  "secret-no-expiry": [["NHI7"], ["PR.AA-01"], [6], ["IA-5"]],
  "review-overdue": [["NHI5"], ["PR.AA-05"], [6], ["AC-2", "AC-6(7)"]],
  "token-ttl-excessive": [["NHI7"], ["PR.AA-03"], [3], ["IA-13(3)"]],
  "secret-unmanaged": [["NHI2"], ["PR.DS-01"], [], ["IA-5(7)", "SC-28"]],
  "secret-leaked": [["NHI2"], ["PR.AA-01", "RS.MI-02"], [5], ["IR-4", "IA-5"]],
  "secret-reused": [["NHI9"], ["PR.AA-02"], [6], ["IA-4", "IA-5"]],
  "cross-environment": [["NHI8"], ["PR.IR-01"], [3, 6], ["AC-4", "SC-7"]],
  "scope-admin": [["NHI5"], ["PR.AA-05"], [3], ["AC-6"]],
  "multi-audience": [["NHI5"], ["PR.AA-05"], [3], ["AC-6", "IA-13(3)"]],
  "cross-trust-zone": [["NHI8"], ["PR.AA-05", "PR.IR-01"], [2, 3], ["SC-7", "AC-4"]],
  "shared-client": [["NHI9"], ["PR.AA-02"], [6], ["IA-4", "IA-9"]],
  "weak-grant-type": [["NHI4"], ["PR.AA-03"], [6], ["IA-9"]],
  "weak-client-auth": [["NHI4"], ["PR.AA-03", "PR.AA-04"], [6], ["IA-5(2)", "IA-9"]],
  "token-cache-persistent": [["NHI2"], ["PR.DS-01"], [], ["SC-28"]],
  "third-party-unreviewed": [["NHI3"], ["GV.SC-04", "ID.AM-04"], [7], ["SA-9", "AC-20"]],
  "orphaned-after-retirement": [["NHI1"], ["ID.AM-08"], [], ["AC-2(3)"]],
  // Issue 12 (Steward's own mapping, not the table of docs/design.md §5.1): unknown token handling is the exposure
  // token-cache-persistent guards against, not yet ruled out; weaker governance lets secrets live
  // longer (NHI7, IA-5) and reviews lapse (AC-2).
  "sdk-token-handling-unknown": [["NHI2"], ["PR.DS-01"], [], ["SC-28"]],
  "policy-weaker": [["NHI7"], ["PR.AA-01"], [6], ["IA-5", "AC-2"]],
  // Issue 14 (DESIGN §5.4): evidence against intent. An unused scope is overprivilege (NHI5, least
  // privilege); a dormant credential is an offboarding gap (NHI1: remove NHIs no longer needed;
  // AC-2(3) disables accounts inactive for a set period); usage monitored is DE.CM-03; a token's
  // observed lifetime and audience are IA-13(3) Token Management.
  "scope-unused": [["NHI5"], ["PR.AA-05"], [3], ["AC-6"]],
  "credential-dormant": [["NHI1"], ["PR.AA-01", "DE.CM-03"], [], ["AC-2(3)", "AC-2"]],
  "token-ttl-observed-longer": [["NHI7"], ["PR.AA-03", "DE.CM-03"], [3], ["IA-13(3)"]],
  "token-outside-grants": [["NHI5"], ["PR.AA-05", "DE.CM-03"], [3, 6], ["AC-6", "IA-13(3)"]],
  // Issue 14: access nobody is recorded as approving is unproven least privilege (NHI5, PR.AA-05,
  // AC-6) and an account action without its authorization record (AC-2).
  "grant-approval-unknown": [["NHI5"], ["PR.AA-05"], [6], ["AC-6", "AC-2"]],
};

export const ruleControls: RuleControlMap = Object.fromEntries(
  Object.entries(table).map(([rule, [owasp, csf, zt, sp]]) => [
    rule,
    [
      ...owasp.map((n) => ({ framework: "owasp-nhi-2025" as const, controlId: `${n}:2025` })),
      ...csf.map((id) => ({ framework: "nist-csf-2.0" as const, controlId: id })),
      ...zt.map((n) => ({ framework: "nist-sp-800-207" as const, controlId: `Tenet ${n}` })),
      ...sp.map((id) => ({ framework: "nist-sp-800-53r5" as const, controlId: id })),
    ],
  ]),
) as RuleControlMap;

export const controlKey = (framework: FrameworkId, id: string): ControlKey => `${framework}/${id}`;

/** Control → the rules that evidence it. */
export const rulesByControl: ReadonlyMap<ControlKey, RuleId[]> = (() => {
  const map = new Map<ControlKey, RuleId[]>();
  for (const [rule, list] of Object.entries(ruleControls) as [RuleId, RuleControlMap[RuleId]][]) {
    for (const c of list) {
      const key = controlKey(c.framework, c.controlId);
      map.set(key, [...(map.get(key) ?? []), rule]);
    }
  }
  return map;
})();

/** The rules mapped to a control (empty for a control only the policy set evidences, e.g. AC-1). */
export function rulesFor(control: Pick<Control, "framework" | "id">): RuleId[] {
  return rulesByControl.get(controlKey(control.framework, control.id)) ?? [];
}

/** Every (rule, control) pair, e.g. for a SQL VALUES list. */
export function mappingPairs(frameworkFilter?: readonly FrameworkId[]): { ruleId: RuleId; control: Control }[] {
  return controls
    .filter((c) => !frameworkFilter || frameworkFilter.includes(c.framework))
    .flatMap((control) => rulesFor(control).map((ruleId) => ({ ruleId, control })));
}

/**
 * A control named in a URL or filter as "framework/oscalId" (e.g. `owasp-nhi-2025/nhi1-2025`), or
 * undefined when it names no control of the catalog.
 */
export function controlFromRef(ref: string): Control | undefined {
  const slash = ref.indexOf("/");
  if (slash <= 0) return undefined;
  return findControl(ref.slice(0, slash), ref.slice(slash + 1));
}

export const controlRef = (control: Pick<Control, "framework" | "oscalId">) => `${control.framework}/${control.oscalId}`;

/** The rules behind a control reference (none for an unknown control or one only the policy set evidences). */
export function rulesOfControlRef(ref: string): RuleId[] {
  const control = controlFromRef(ref);
  return control ? rulesFor(control) : [];
}
