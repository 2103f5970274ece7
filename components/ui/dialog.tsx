"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button, type ButtonProps } from "./button";

/**
 * A controlled modal (Radix: focus is trapped inside, Escape closes, focus returns to the opener).
 * Its body mounts only while open, so forms start fresh each time.
 */
export function ModalDialog({
  open,
  onOpenChange,
  title,
  description,
  trigger,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  /** An element that opens the dialog (rendered through Radix's Trigger); omit for dialogs opened from code. */
  trigger?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[min(40rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl focus:outline-none">
          <div className="mb-4 flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-lg font-semibold text-slate-900">{title}</Dialog.Title>
              <Dialog.Description className={description ? "mt-1 text-sm text-slate-600" : "sr-only"}>{description ?? title}</Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <Button variant="ghost" size="sm" aria-label="Close">
                <X className="h-4 w-4" aria-hidden="true" />
              </Button>
            </Dialog.Close>
          </div>
          {open ? children : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A modal opened by its own button. `children` receives `close` so a form can shut it after a successful submit. */
export function ActionDialog({
  label,
  title,
  description,
  variant = "secondary",
  size = "sm",
  testId,
  srLabel,
  children,
}: {
  label: string;
  title: string;
  description?: ReactNode;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  testId?: string;
  /** Extra words for screen readers on the opener ("Revoke" → "Revoke deploy token"). */
  srLabel?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <ModalDialog
      open={open}
      onOpenChange={setOpen}
      title={title}
      description={description}
      trigger={
        <Button variant={variant} size={size} data-testid={testId} aria-haspopup="dialog">
          {label}
          {srLabel ? <span className="sr-only"> {srLabel}</span> : null}
        </Button>
      }
    >
      {children(() => setOpen(false))}
    </ModalDialog>
  );
}

/**
 * A destructive action behind a confirmation: an outlined opener, a dialog that says what happens,
 * and the confirming button. `onConfirm` runs the action; the dialog stays open while it is pending
 * and closes when `done` turns true (the caller's mutation succeeded). Focus returns to the opener.
 */
export function ConfirmDialog({
  label,
  title,
  description,
  confirmLabel,
  pendingLabel,
  pending,
  error,
  onConfirm,
  srLabel,
  testId,
  size = "sm",
  children,
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  error?: string | null;
  onConfirm: (close: () => void) => void;
  /** Extra words for screen readers on the opener ("Revoke" → "Revoke deploy token"). */
  srLabel?: string;
  testId?: string;
  size?: ButtonProps["size"];
  children?: ReactNode;
}) {
  return (
    <ActionDialog label={label} title={title} description={description} variant="destructive" size={size} testId={testId} srLabel={srLabel}>
      {(close) => (
        <div className="space-y-4">
          {children}
          {error ? (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button variant="danger" disabled={pending} aria-busy={pending} onClick={() => onConfirm(close)} data-testid={testId ? `${testId}-confirm` : undefined}>
              {pending ? pendingLabel : confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </ActionDialog>
  );
}
