"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { FieldErrors } from "@/lib/errors";

/**
 * A form that submits JSON to /api/v1 (the same road as API clients), shows field errors from a
 * 422/409, and refreshes server-rendered data on success.
 */
export function useApiForm<TBody, TResult>(opts: {
  method: "POST" | "PATCH";
  path: string;
  onSuccess?: (result: TResult) => void;
}) {
  const router = useRouter();
  const mutation = useMutation<TResult, ApiError | Error, TBody>({
    mutationFn: (body) => apiFetch<TResult>(opts.path, { method: opts.method, body }),
    onSuccess: (result) => {
      opts.onSuccess?.(result);
      router.refresh();
    },
  });
  const error = mutation.error;
  const fields: FieldErrors = error instanceof ApiError ? error.fields : {};
  const formError = error ? (error instanceof ApiError ? error.message : "Could not reach Steward. Check your connection and try again.") : null;
  return { submit: mutation.mutate, isPending: mutation.isPending, isSuccess: mutation.isSuccess, fields, formError, reset: mutation.reset, data: mutation.data };
}

/**
 * The create-or-edit form of one record: POST to the collection (then open the new record's page)
 * or PATCH the record in place.
 */
export function useRecordForm(opts: { apiPath: string; pagePath: string; id: string | undefined }) {
  const router = useRouter();
  const { apiPath, pagePath, id } = opts;
  return useApiForm<unknown, { id: string }>({
    method: id ? "PATCH" : "POST",
    path: id ? `${apiPath}/${id}` : apiPath,
    onSuccess: (saved) => {
      if (!id) router.push(`${pagePath}/${saved.id}`);
    },
  });
}
