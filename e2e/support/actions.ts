import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { serverActions, type ServerActionName } from "../../lib/authz/actions";

type Manifest = { node: Record<string, { filename?: string; exportedName?: string }> };

/** Server action ids of the production build, by exported name (from Next's server-reference manifest). */
export function serverActionIds(): Record<ServerActionName, string> {
  const file = path.join(process.cwd(), ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  const ids: Partial<Record<ServerActionName, string>> = {};
  for (const [id, entry] of Object.entries(manifest.node)) {
    const name = entry.exportedName as ServerActionName | undefined;
    if (name && name in serverActions && entry.filename === serverActions[name].file) ids[name] = id;
  }
  for (const name of Object.keys(serverActions) as ServerActionName[]) {
    if (!ids[name]) throw new Error(`server action ${name} is not in the build's manifest (run npm run build)`);
  }
  return ids as Record<ServerActionName, string>;
}

/**
 * Calls a server action the way Next's client does: POST to the page with a Next-Action header.
 * Form actions get (undefined, FormData) in React's reply encoding; the others no arguments.
 */
export async function callServerAction(
  request: APIRequestContext,
  name: ServerActionName,
  id: string,
  opts: { headers?: Record<string, string>; fields?: Record<string, string> } = {},
): Promise<APIResponse> {
  const row = serverActions[name];
  const headers = { "Next-Action": id, Accept: "text/x-component", ...opts.headers };
  if (!row.form) {
    return request.post(row.page, { headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" }, data: "[]", maxRedirects: 0 });
  }
  // The FormData's entries first, the root ("0") last: the server resolves the root as soon as it arrives.
  const multipart = new FormData();
  for (const [key, value] of Object.entries(opts.fields ?? {})) multipart.append(`_1_${key}`, value);
  multipart.append("0", JSON.stringify(["$undefined", "$K1"]));
  return request.post(row.page, { headers, multipart, maxRedirects: 0 });
}
