/** The largest file an import accepts. Zod-free, so the import form can check a file's size before sending it without shipping ./api's query schemas. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
