import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ListTable, type Column } from "@/components/ui/list-table";

type Row = { id: string; name: string; count: number };
type Sort = "name" | "count";
const rows: Row[] = [
  { id: "a", name: "Alpha", count: 2 },
  { id: "b", name: "Beta", count: 5 },
];
const columns: Column<Row, Sort>[] = [
  { header: "Name", sortKey: "name", rowHeader: true, cell: (r) => r.name },
  { header: "Count", sortKey: "count", numeric: true, cell: (r) => r.count },
  { header: "Note", cell: () => "—" },
];
const render = (props: Partial<Parameters<typeof ListTable<Row, Sort>>[0]>) =>
  renderToStaticMarkup(createElement(ListTable<Row, Sort>, { caption: "Things", columns, rows, rowKey: (r) => r.id, ...props }));

describe("[UI] ListTable (issue 19 §6)", () => {
  it("names the table and its rows, one cell per column", () => {
    const html = render({ rowTestId: "thing-row", rowData: (r) => ({ "data-name": r.name }) });
    expect(html).toContain('<caption class="sr-only">Things</caption>');
    expect(html.match(/data-testid="thing-row"/g)).toHaveLength(2);
    expect(html).toContain('data-name="Beta"');
    expect(html).toMatch(/<th scope="row"[^>]*>Alpha<\/th>/);
    expect(html.match(/<th scope="col"/g)).toHaveLength(3);
  });

  it("marks the sorted heading with aria-sort and makes sortable headings buttons", () => {
    const html = render({ sort: { key: "count", dir: "desc", onSort: () => undefined } });
    expect(html).toMatch(/<th scope="col" aria-sort="descending"[^>]*><button[^>]*>Count/);
    expect(html).toMatch(/<th scope="col" aria-sort="none"[^>]*><button[^>]*>Name/);
    expect(html).toContain(", sorted descending");
    expect(html).toMatch(/<th scope="col"[^>]*>Note<\/th>/);
  });

  it("has plain headings when the list does not sort", () => {
    expect(render({})).not.toContain("aria-sort");
  });

  it("shows the empty state instead of an empty table, and keeps paging back", () => {
    const html = render({ rows: [], empty: { title: "Nothing yet" }, pager: { basePath: "/things", params: {}, nextCursor: null, isFirstPage: false } });
    expect(html).not.toContain("<table");
    expect(html).toContain("Nothing yet");
    expect(html).toContain('href="/things"');
  });

  it("shows placeholder rows while loading", () => {
    const html = render({ loading: true });
    expect(html.match(/data-testid="skeleton-row"/g)).toHaveLength(6);
    expect(html).not.toContain("Alpha");
  });
});
