import type { Metadata } from "next";
import { allEndpoints } from "@/lib/api/endpoints";
import { buildOpenApi } from "@/lib/api/openapi";
import { Badge, Card, PageHeader } from "@/components/ui/layout";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "API · Steward" };

type Operation = { operationId: string; summary: string; description: string; tags: string[]; requestBody?: { content: Record<string, { schema: unknown }> } };

const methodTone = { get: "blue", post: "green", patch: "amber", put: "amber", delete: "red" } as const;

export default async function ApiDocsPage() {
  const { origin } = await requirePage("/api-docs");
  const doc = buildOpenApi(allEndpoints, origin);
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Operation>)) {
      const tag = op.tags[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  return (
    <>
      <PageHeader
        title="REST API"
        description={<>Everything the UI does is available under <code>/api/v1</code>. The machine-readable OpenAPI 3.1 document is at <a className="text-brand-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Errors use one envelope: <code className="break-all">{`{ "error": { "code", "message", "details" } }`}</code>.</>}
      />
      <div className="space-y-6">
        {[...byTag.entries()].map(([tag, ops]) => (
          <Card key={tag}>
            <h2 className="mb-3 text-lg font-semibold text-slate-900">{tag}</h2>
            <ul className="divide-y divide-slate-100">
              {ops.map(({ method, path, op }) => (
                <li key={op.operationId} className="py-3">
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-3">
                      <Badge tone={methodTone[method as keyof typeof methodTone]}>{method.toUpperCase()}</Badge>
                      <code className="break-all text-sm">{path}</code>
                      <span className="text-sm text-slate-600">{op.summary}</span>
                    </summary>
                    <div className="mt-2 space-y-2 pl-2 text-sm text-slate-700">
                      <p>{op.description}</p>
                      {op.requestBody ? (
                        <pre tabIndex={0} aria-label={`${method.toUpperCase()} ${path} request body schema`} className="overflow-x-auto rounded bg-slate-50 p-3 text-xs">{JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2)}</pre>
                      ) : null}
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </>
  );
}
