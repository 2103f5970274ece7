"use client";

import { ShieldCheck, UserRoundPlus } from "lucide-react";
import { useRef, useState, type ReactNode } from "react";
import { ApiFormFrame } from "@/components/api-form";
import { text } from "@/components/form-data";
import { exceptionTerms, ExceptionTermsFields } from "@/components/governance/exception-form";
import { invalidates } from "@/components/query-keys";
import { Button } from "@/components/ui/button";
import { ActionDialog, ModalDialog } from "@/components/ui/dialog";
import { ChoiceSelect, describedBy, Field, FormMessage } from "@/components/ui/form";
import { useApiForm } from "@/components/use-api-form";
import { routes } from "@/lib/api/routes";

type Option = { id: string; name: string };
/** A row's checkbox (the server-rendered table's); the triage bar around the table counts the ticked ones. */
export function TriageCheckbox({ id, label }: { id: string; label: string }) {
  return <input type="checkbox" name="findingId" value={id} aria-label={`Select ${label}`} data-testid="finding-select" className="h-4 w-4 rounded border-slate-400 accent-brand-600" />;
}

/**
 * Bulk triage of the findings list (issue 16), for security and admin: tick rows, then assign them to a
 * person or accept their risk in one go. The table stays server-rendered inside this wrapper; a change
 * anywhere in it recounts the ticked rows. After a write the page refreshes and the ticks clear.
 */
export function FindingsTriage({ people, canExcept, children }: { people: Option[]; canExcept: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<"assign" | "except" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const boxes = () => [...(ref.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="findingId"]') ?? [])];
  const [total, setTotal] = useState(0);
  const recount = () => {
    const all = boxes();
    setTotal(all.length);
    setSelected(all.filter((b) => b.checked).map((b) => b.value));
  };
  const allTicked = selected.length > 0 && selected.length === total;
  const finish = (message: string) => {
    for (const b of boxes()) b.checked = false;
    setSelected([]);
    setDialog(null);
    setDone(message);
  };
  const n = selected.length;
  const noun = `${String(n)} finding${n === 1 ? "" : "s"}`;
  return (
    <div ref={ref} onChange={recount}>
      <div role="toolbar" aria-label="Bulk actions" className="mb-2 flex flex-wrap items-center gap-2 rounded-md border border-line bg-surface px-3 py-2 text-sm" data-testid="triage-bar">
        <label className="inline-flex items-center gap-2 text-fg">
          <input
            type="checkbox"
            checked={allTicked}
            onChange={(e) => {
              for (const b of boxes()) b.checked = e.currentTarget.checked;
              recount();
            }}
            className="h-4 w-4 rounded border-slate-400 accent-brand-600"
            data-testid="finding-select-all"
          />
          Select all on this page
        </label>
        <span className="text-fg-muted" aria-live="polite" data-testid="triage-count">
          {n === 0 ? "No findings selected" : `${noun} selected`}
        </span>
        <span className="ml-auto flex gap-2">
          <Button variant="secondary" size="sm" disabled={n === 0} onClick={() => setDialog("assign")} data-testid="triage-assign">
            <UserRoundPlus className="h-4 w-4" aria-hidden="true" />
            Assign…
          </Button>
          {canExcept ? (
            <Button variant="secondary" size="sm" disabled={n === 0} onClick={() => setDialog("except")} data-testid="triage-except">
              <ShieldCheck className="h-4 w-4" aria-hidden="true" />
              Accept the risk…
            </Button>
          ) : null}
        </span>
      </div>
      {done ? (
        <div className="mb-2" data-testid="triage-done">
          <FormMessage kind="success">{done}</FormMessage>
        </div>
      ) : null}
      <ModalDialog open={dialog === "assign"} onOpenChange={(o) => setDialog(o ? "assign" : null)} title={`Assign ${noun}`} description="The assignee sees who asked them on the finding; resolved findings are left as they are.">
        <AssignForm findingIds={selected} people={people} onDone={finish} />
      </ModalDialog>
      <ModalDialog
        open={dialog === "except"}
        onOpenChange={(o) => setDialog(o ? "except" : null)}
        title={`Accept the risk of ${noun}`}
        description="One exception per finding, on its own credential, with these terms. Findings that are no longer open are skipped."
      >
        <BulkExceptionForm findingIds={selected} people={people} onDone={finish} />
      </ModalDialog>
      {children}
    </div>
  );
}

const skippedNote = (skipped: number) => (skipped > 0 ? ` ${String(skipped)} skipped (no longer open, or already so).` : "");

function AssignForm({ findingIds, people, onDone }: { findingIds: string[]; people: Option[]; onDone: (message: string) => void }) {
  const form = useApiForm(routes.assignFindings, { invalidates: invalidates.findings, onSuccess: (r) => onDone(`${String(r.assigned)} assigned.${skippedNote(r.skipped)}`) });
  const error = form.fields.assigneePersonId;
  return (
    <ApiFormFrame form={form} label="Assign findings" className="space-y-4" submitLabel="Assign" pendingLabel="Assigning…" onSubmit={(d) => form.submit({ findingIds, assigneePersonId: text(d, "assigneePersonId") || null })}>
      <Field id="triage-assignee" label="Assign to" error={error}>
        <ChoiceSelect id="triage-assignee" name="assigneePersonId" defaultValue="" choices={people} empty="Nobody (unassign)" {...describedBy("triage-assignee", error)} />
      </Field>
    </ApiFormFrame>
  );
}

function BulkExceptionForm({ findingIds, people, onDone }: { findingIds: string[]; people: Option[]; onDone: (message: string) => void }) {
  const form = useApiForm(routes.exceptFindings, { invalidates: invalidates.findings, onSuccess: (r) => onDone(`${String(r.excepted)} accepted by exception.${skippedNote(r.skipped)}`) });
  return (
    <ApiFormFrame form={form} label="Accept the risk" className="space-y-4" submitLabel="Accept the risk" onSubmit={(d) => form.submit({ findingIds, ...exceptionTerms(d) })}>
      <ExceptionTermsFields idPrefix="triage-ex" people={people} fields={form.fields} />
    </ApiFormFrame>
  );
}

/** One finding's Assign action (its detail page). */
export function FindingAssign({ findingId, people, assigned }: { findingId: string; people: Option[]; assigned: boolean }) {
  return (
    <ActionDialog label={assigned ? "Reassign…" : "Assign…"} title="Assign this finding" testId="finding-assign">
      {(close) => <AssignForm findingIds={[findingId]} people={people} onDone={close} />}
    </ActionDialog>
  );
}
