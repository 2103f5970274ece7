import { describe, expect, it } from "vitest";
import { filterPages, groupOptions, hrefFor, isPaletteShortcut, moveActive, paletteOptions, shouldSearch } from "./palette";

const pages = [
  { href: "/dashboard", label: "Dashboard", section: "Overview" },
  { href: "/inventory", label: "Inventory", section: "Inventory" },
  { href: "/audit", label: "Audit log", section: "Admin" },
  { href: "/settings/users", label: "Users", section: "Admin" },
  { href: "/exports", label: "Auditor exports", section: "Governance" },
];

describe("[PALETTE] filtering", () => {
  it("offers every page in navigation order when nothing is typed", () => {
    expect(filterPages(pages, "  ").map((p) => p.href)).toEqual(pages.map((p) => p.href));
  });

  it("matches every typed word in the label or section, case-insensitively, labels starting with the query first", () => {
    expect(filterPages(pages, "AUD").map((p) => p.href)).toEqual(["/audit", "/exports"]);
    expect(filterPages(pages, "exports aud").map((p) => p.href)).toEqual(["/exports"]);
    expect(filterPages(pages, "admin").map((p) => p.href)).toEqual(["/audit", "/settings/users"]);
    expect(filterPages(pages, "log users")).toEqual([]);
  });

  it("searches records from two characters on", () => {
    expect(shouldSearch("a")).toBe(false);
    expect(shouldSearch(" a ")).toBe(false);
    expect(shouldSearch("ab")).toBe(true);
  });

  it("lists pages first, then records grouped by kind, each leading to its page", () => {
    const records = [
      { kind: "team" as const, id: "t1", title: "Payments", subtitle: "application" },
      { kind: "credential" as const, id: "c1", title: "payments-client", subtitle: "prod" },
      { kind: "api" as const, id: "a 1", title: "Payments API", subtitle: null },
    ];
    const options = paletteOptions(pages, records, "pay");
    expect(options.map((o) => [o.group, o.href])).toEqual([
      ["Credentials", "/inventory/c1"],
      ["Teams", "/teams/t1"],
      ["APIs", "/apis/a%201"],
    ]);
    expect(groupOptions(options).map((g) => [g.group, g.options.map((o) => o.index)])).toEqual([
      ["Credentials", [0]],
      ["Teams", [1]],
      ["APIs", [2]],
    ]);
    expect(paletteOptions(pages, records, "dash")[0]).toMatchObject({ group: "Pages", label: "Dashboard", href: "/dashboard" });
    expect(hrefFor({ kind: "person", id: "p1" })).toBe("/people/p1");
  });
});

describe("[PALETTE] keyboard", () => {
  it("arrow keys move the active option and wrap at both ends; Home and End jump", () => {
    expect(moveActive(-1, "ArrowDown", 3)).toBe(0);
    expect(moveActive(0, "ArrowDown", 3)).toBe(1);
    expect(moveActive(2, "ArrowDown", 3)).toBe(0);
    expect(moveActive(0, "ArrowUp", 3)).toBe(2);
    expect(moveActive(-1, "ArrowUp", 3)).toBe(2);
    expect(moveActive(2, "ArrowUp", 3)).toBe(1);
    expect(moveActive(1, "Home", 3)).toBe(0);
    expect(moveActive(1, "End", 3)).toBe(2);
  });

  it("other keys, and an empty list, leave the active option alone", () => {
    expect(moveActive(1, "a", 3)).toBeNull();
    expect(moveActive(1, "Enter", 3)).toBeNull();
    expect(moveActive(-1, "ArrowDown", 0)).toBeNull();
  });

  it("opens on Ctrl+K and ⌘K, not on K alone or with other modifiers", () => {
    const key = (k: string, mods: Partial<{ metaKey: boolean; ctrlKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
      key: k,
      metaKey: false,
      ctrlKey: false,
      altKey: false,
      shiftKey: false,
      ...mods,
    });
    expect(isPaletteShortcut(key("k", { ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(key("K", { metaKey: true }))).toBe(true);
    expect(isPaletteShortcut(key("k"))).toBe(false);
    expect(isPaletteShortcut(key("k", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key("j", { ctrlKey: true }))).toBe(false);
  });
});

describe("[THEME] the theme cookie", () => {
  it("reads a known theme and falls back to the system setting for anything else", async () => {
    const { parseTheme, themeCookieText } = await import("@/lib/theme");
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme(undefined)).toBe("system");
    expect(parseTheme("purple")).toBe("system");
    expect(themeCookieText("dark", true)).toBe("steward-theme=dark; Path=/; Max-Age=31536000; SameSite=Lax; Secure");
  });
});
