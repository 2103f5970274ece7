"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { Endpoint } from "@/lib/api/endpoint";
import { ApiError, send, type ApiBody, type ApiRequest, type ApiResponse, type FormFields } from "@/lib/api/client";
import type { FieldErrors } from "@/lib/errors";
import { focusFirstError } from "./use-focus-first-error";

/**
 * A value read from a form for field type T: the contract's field names all the way down (a
 * misspelt or unknown field does not compile), each value either as the contract types it or as
 * the raw value of a control (text, file, a checkbox's state), which the server's schema checks and answers per field (422) for the
 * form to show next to the control.
 */
type FormValue<T> = T | FormDataEntryValue | boolean | null | (T extends readonly (infer U)[] ? FormValue<U>[] : T extends object ? FormObject<T> : never);
/** Distributes over a union of bodies (one form serving several endpoints), so each keeps its own fields. */
type FormObject<B> = B extends object ? { [K in keyof B]?: FormValue<B[K]> } : B;

/** What a form may submit to endpoint E (nothing when the contract takes no body). */
export type FormBody<E extends Endpoint> = [ApiBody<E>] extends [never] ? undefined : FormObject<ApiBody<E>> | FormFields;

/**
 * A form that submits JSON to one /api/v1 endpoint (the same road as API clients), shows field
 * errors from a 422/409, invalidates the cached queries the write changes and refreshes
 * server-rendered data on success.
 */
export function useApiForm<E extends Endpoint>(
  endpoint: E,
  opts: {
    params?: ApiRequest<E>["params"];
    /** The query keys this write changes (components/query-keys.ts `invalidates`). */
    invalidates: readonly QueryKey[];
    onSuccess?: ((result: ApiResponse<E>) => void) | undefined;
  },
) {
  return useEndpointForm(endpoint, opts);
}

/** useApiForm for a caller generic over the endpoint, whose params the compiler cannot resolve. */
function useEndpointForm<E extends Endpoint>(endpoint: E, opts: { params?: unknown; invalidates: readonly QueryKey[]; onSuccess?: ((result: ApiResponse<E>) => void) | undefined }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const mutation = useMutation<ApiResponse<E>, ApiError | Error, FormBody<E>, HTMLFormElement | null>({
    // The form being submitted is the one holding focus (its submit button or the field Enter was pressed in).
    onMutate: () => (typeof document === "undefined" ? null : (document.activeElement?.closest("form") ?? null)),
    mutationFn: (body) => send(endpoint, { params: opts.params, body }),
    onError: (_error, _body, form) => focusFirstErrorAfterRender(form ?? null),
    onSuccess: (result) => {
      for (const queryKey of opts.invalidates) void queryClient.invalidateQueries({ queryKey });
      opts.onSuccess?.(result);
      router.refresh();
    },
  });
  const error = mutation.error;
  const fields: FieldErrors = error instanceof ApiError ? error.fields : {};
  const formError = error ? (error instanceof ApiError ? error.message : "Could not reach Steward. Check your connection and try again.") : null;
  return { submit: mutation.mutate, isPending: mutation.isPending, isSuccess: mutation.isSuccess, fields, formError, reset: mutation.reset, data: mutation.data };
}

/** Every API form: after a failed submit, focus lands on the first invalid field, else the error banner (issue 16 item 6). */
function focusFirstErrorAfterRender(form: HTMLFormElement | null) {
  if (!form) return;
  // Two frames: the error state renders and commits (aria-invalid, the banner) before we look.
  requestAnimationFrame(() => requestAnimationFrame(() => focusFirstError(form)));
}

const hasId = (saved: unknown): saved is { id: string } => typeof saved === "object" && saved !== null && "id" in saved && typeof saved.id === "string";

/**
 * The create-or-edit form of one record: POST to the collection (then open the new record's page)
 * or PATCH the record in place (`openAfterEdit`: then open its page too).
 */
export function useRecordForm<C extends Endpoint, U extends Endpoint>(opts: { create: C; update: U; pagePath: string; id: string | undefined; invalidates: readonly QueryKey[]; openAfterEdit?: boolean }) {
  const router = useRouter();
  const { pagePath, id } = opts;
  const open = (saved: unknown) => {
    if (hasId(saved)) router.push(`${pagePath}/${saved.id}`);
  };
  const create = useApiForm(opts.create, { invalidates: opts.invalidates, onSuccess: open });
  const update = useEndpointForm(opts.update, { params: { id: id ?? "" }, invalidates: opts.invalidates, onSuccess: opts.openAfterEdit ? open : undefined });
  return id === undefined ? create : update;
}
