import type { FormField } from "../adapters/contract.js";

/** Builds the multipart body of a form: text fields as strings, files as Blob parts with their name. */
export function toFormData(fields: readonly FormField[]): FormData {
  const form = new FormData();
  for (const field of fields) {
    if ("value" in field) form.append(field.name, field.value);
    else
      form.append(
        field.name,
        new Blob([field.data as Uint8Array<ArrayBuffer>], { type: field.mimeType }),
        field.filename,
      );
  }
  return form;
}
