"use client";

import { useSyncExternalStore, type ReactNode } from "react";
import { Button, type ButtonProps } from "./button";

const subscribe = () => () => undefined;

/**
 * A submit button that stays disabled until the page is interactive: API-backed forms submit
 * through JavaScript, and a click before hydration would otherwise post the form natively.
 */
export function SubmitButton({ pending, pendingLabel, children, ...props }: ButtonProps & { pending: boolean; pendingLabel: string; children: ReactNode }) {
  const hydrated = useSyncExternalStore(subscribe, () => true, () => false);
  return (
    <Button type="submit" disabled={!hydrated || pending} aria-busy={pending} {...props}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
