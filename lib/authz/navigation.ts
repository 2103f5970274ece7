import { can, type Permission, type Role } from "./permissions";

export type NavItem = { href: string; label: string; permission: Permission };

/** The app's navigation; each entry shows only to roles holding its permission. */
export const navItems: readonly NavItem[] = [
  { href: "/", label: "Overview", permission: "dashboard:read" },
  { href: "/inventory", label: "Inventory", permission: "inventory:read" },
  { href: "/applications", label: "Applications", permission: "inventory:read" },
  { href: "/apis", label: "APIs & scopes", permission: "inventory:read" },
  { href: "/servers", label: "Authorization servers", permission: "inventory:read" },
  { href: "/teams", label: "Teams", permission: "team:read" },
  { href: "/people", label: "People", permission: "person:read" },
  { href: "/policies", label: "Policies", permission: "inventory:read" },
  { href: "/leak-lookup", label: "Leak lookup", permission: "leak-lookup:read" },
  { href: "/import-export", label: "Import & export", permission: "export:read" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/settings/users", label: "Users", permission: "user:read" },
  { href: "/api-docs", label: "API", permission: "api-docs:read" },
];

export function navigationFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}
