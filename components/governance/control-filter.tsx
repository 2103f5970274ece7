import { controls, frameworks } from "@/lib/domain/catalog/frameworks";
import { controlRef, rulesFor } from "@/lib/domain/catalog/mapping";
import { controlFromRef } from "@/lib/domain/catalog/mapping";
import type { ControlMatch } from "@/lib/validation/inventory";
import { Select } from "@/components/ui/form";

/** Controls a filter can name: those a posture rule evidences (the others match nothing), by framework. */
const groups = frameworks.map((f) => ({ framework: f, controls: controls.filter((c) => c.framework === f.id && rulesFor(c).length > 0) })).filter((g) => g.controls.length > 0);

/** A control reference in words, for chips and labels: "PR.AA-05 Access permissions…". */
export function controlRefLabel(ref: string): string {
  const control = controlFromRef(ref);
  return control ? `${control.id} ${control.title}` : ref;
}

type Controlled = { value: readonly string[]; match: ControlMatch | undefined; onChange: (refs: string[], match: ControlMatch | undefined) => void };
type Uncontrolled = { defaultValue: readonly string[]; defaultMatch: ControlMatch | undefined };

/**
 * Several controls at once (issue 15): a native multi-select (keyboard: arrows, Shift/Ctrl to add)
 * and an all/any choice. In a GET form it submits `control` repeated and `controlMatch`; in the
 * inventory's client-side filter bar it is controlled.
 */
export function ControlFilter({ idPrefix, ...props }: { idPrefix: string } & (Controlled | Uncontrolled)) {
  const controlled = "onChange" in props;
  const selected = controlled ? props.value : props.defaultValue;
  const match = (controlled ? props.match : props.defaultMatch) ?? "all";
  return (
    <fieldset className="min-w-64" data-testid="control-filter">
      <legend className="mb-1 block text-sm font-medium text-slate-700">Fails controls</legend>
      <label htmlFor={`${idPrefix}-control`} className="sr-only">
        Controls (choose one or more)
      </label>
      <Select
        id={`${idPrefix}-control`}
        name={controlled ? undefined : "control"}
        multiple
        className="h-28"
        aria-describedby={`${idPrefix}-control-hint`}
        {...(controlled
          ? { value: [...selected], onChange: (e) => props.onChange([...e.target.selectedOptions].map((o) => o.value), props.match) }
          : { defaultValue: [...selected] })}
      >
        {groups.map((g) => (
          <optgroup key={g.framework.id} label={g.framework.shortName}>
            {g.controls.map((c) => (
              <option key={controlRef(c)} value={controlRef(c)}>
                {c.id} {c.title.length > 60 ? `${c.title.slice(0, 60)}…` : c.title}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
      <p id={`${idPrefix}-control-hint`} className="mt-1 text-xs text-slate-500">
        Ctrl or ⌘ to choose several.
      </p>
      <div role="radiogroup" aria-label="Match" className="mt-1 flex gap-3 text-sm">
        {(["all", "any"] as const).map((m) => (
          <label key={m} className="inline-flex items-center gap-1">
            <input
              type="radio"
              name={controlled ? `${idPrefix}-controlMatch` : "controlMatch"}
              value={m}
              {...(controlled ? { checked: match === m, onChange: () => props.onChange([...props.value], m === "all" ? undefined : m) } : { defaultChecked: match === m })}
            />
            {m === "all" ? "All of them" : "Any of them"}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
