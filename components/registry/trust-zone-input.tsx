import type { ComponentProps } from "react";
import { Input } from "@/components/ui/form";

/** Free text with the trust zones already in use offered as suggestions, so one zone keeps one spelling. */
export function TrustZoneInput({ id, suggestions, ...props }: ComponentProps<"input"> & { id: string; suggestions: string[] }) {
  const listId = `${id}-suggestions`;
  return (
    <>
      <Input id={id} name={id} list={suggestions.length > 0 ? listId : undefined} autoComplete="off" {...props} />
      {suggestions.length > 0 ? (
        <datalist id={listId}>
          {suggestions.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      ) : null}
    </>
  );
}
