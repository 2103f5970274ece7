import { can, type Permission, type Role } from "./permissions";

export const navSections = ["Work", "Inventory", "Lifecycle", "Governance", "Organisation", "Admin"] as const;
export type NavSection = (typeof navSections)[number];

export type NavItem = { href: string; label: string; permission: Permission; section: NavSection };

/** The app's navigation, grouped by section in display order; each entry shows only to roles holding its permission. */
export const navItems: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", permission: "dashboard:read", section: "Work" },
  { href: "/queue", label: "My queue", permission: "queue:read", section: "Work" },
  { href: "/inventory", label: "Inventory", permission: "inventory:read", section: "Inventory" },
  { href: "/applications", label: "Applications", permission: "inventory:read", section: "Inventory" },
  { href: "/apis", label: "APIs & scopes", permission: "inventory:read", section: "Inventory" },
  { href: "/servers", label: "Authorization servers", permission: "inventory:read", section: "Inventory" },
  { href: "/policies", label: "Policies", permission: "inventory:read", section: "Inventory" },
  { href: "/rotations", label: "Rotations", permission: "inventory:read", section: "Lifecycle" },
  { href: "/reviews", label: "Reviews & campaigns", permission: "inventory:read", section: "Lifecycle" },
  { href: "/incidents", label: "Leak incidents", permission: "inventory:read", section: "Lifecycle" },
  { href: "/leak-lookup", label: "Leak lookup", permission: "leak-lookup:read", section: "Lifecycle" },
  { href: "/findings", label: "Findings", permission: "inventory:read", section: "Governance" },
  { href: "/controls", label: "Controls", permission: "inventory:read", section: "Governance" },
  { href: "/exceptions", label: "Exceptions", permission: "inventory:read", section: "Governance" },
  { href: "/exports", label: "Auditor exports", permission: "compliance-export:read", section: "Governance" },
  { href: "/teams", label: "Teams", permission: "team:read", section: "Organisation" },
  { href: "/people", label: "People", permission: "person:read", section: "Organisation" },
  { href: "/import-export", label: "Import & export", permission: "export:read", section: "Admin" },
  { href: "/audit", label: "Audit log", permission: "audit:read", section: "Admin" },
  { href: "/settings/users", label: "Users", permission: "user:read", section: "Admin" },
  { href: "/settings/notifications", label: "Notifications", permission: "notification:manage", section: "Admin" },
  { href: "/settings/calendar", label: "Calendar feeds", permission: "calendar:manage", section: "Admin" },
  { href: "/settings/tokens", label: "API tokens", permission: "read-only-token:write", section: "Admin" },
  { href: "/api-docs", label: "API", permission: "api-docs:read", section: "Admin" },
];

export function navigationFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}

/** The role's navigation as sections with headings (empty sections left out). */
export function navigationSectionsFor(role: Role): { section: NavSection; items: NavItem[] }[] {
  const items = navigationFor(role);
  return navSections.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter((g) => g.items.length > 0);
}
