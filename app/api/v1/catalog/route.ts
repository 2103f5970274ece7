import { endpoints } from "@/lib/api/endpoints";
import { controls, frameworks } from "@/lib/domain/catalog/frameworks";
import { searchCatalog } from "@/lib/domain/catalog/search";
import { presentControl } from "@/lib/server/governance/controls";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(endpoints.getCatalog, ({ query }) => {
  const list = query.q ? searchCatalog(query.q).map((h) => ({ ...presentControl(h.control), match: h.match, ...(h.note ? { note: h.note } : {}) })) : controls.map(presentControl);
  return Promise.resolve({ frameworks: [...frameworks], controls: list });
});
