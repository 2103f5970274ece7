import { useEffect, type RefObject } from "react";

/**
 * After a failed submit, move focus to the first field marked invalid, else to the form's error
 * banner (issue 16 item 6), so a keyboard or screen-reader user lands on what to fix. `failure` is
 * the failed result itself (a new object per submit), so a second failure with the same message
 * moves focus again.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, failure: unknown) {
  useEffect(() => {
    if (failure && form.current) focusFirstError(form.current);
  }, [failure, form]);
}

/** The first field marked invalid, else the error banner; the API forms (components/use-api-form) call it after a failed submit. */
export function focusFirstError(form: HTMLFormElement) {
  const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-testid="form-error"]');
  target?.focus();
}
