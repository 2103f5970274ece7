import "server-only";
import type { Queryable } from "@/db/client";
import { controlCoverage, type ControlCounts, type ControlScope } from "@/db/queries/controls";
import { controlsOf, frameworks } from "@/lib/domain/catalog/frameworks";
import { controlKey, rulesFor } from "@/lib/domain/catalog/mapping";
import type { Control, FrameworkId } from "@/lib/domain/catalog/types";
import { coverage } from "@/lib/domain/control-status";

export const presentControl = (c: Control) => ({ framework: c.framework, id: c.id, oscalId: c.oscalId, title: c.title, description: c.description, aliases: c.aliases, rules: rulesFor(c) });

const withCoverage = (counts: ControlCounts) => ({ ...counts, coverage: coverage(counts) });

/** Coverage per framework and control for the Controls pages and GET /api/v1/controls. */
export async function coverageReport(q: Queryable, scope: ControlScope, only?: readonly FrameworkId[]) {
  const { credentials, counts } = await controlCoverage(q, scope, only);
  const empty: ControlCounts = { pass: 0, fail: 0, excepted: 0, notApplicable: credentials };
  return {
    credentials,
    frameworks: frameworks
      .filter((f) => !only || only.includes(f.id))
      .map((f) => {
        const list = controlsOf(f.id).map((c) => ({ ...presentControl(c), counts: withCoverage(counts.get(controlKey(c.framework, c.id)) ?? (rulesFor(c).length > 0 ? empty : { ...empty })) }));
        const totals = list.reduce((t, c) => ({ pass: t.pass + c.counts.pass, fail: t.fail + c.counts.fail, excepted: t.excepted + c.counts.excepted, notApplicable: t.notApplicable + c.counts.notApplicable }), { pass: 0, fail: 0, excepted: 0, notApplicable: 0 });
        return { id: f.id, name: f.name, totals: withCoverage(totals), controls: list };
      }),
  };
}
