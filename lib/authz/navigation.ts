import { can, type Permission, type Role } from "./permissions";

/** The sidebar's groups, in display order (issue 16: Overview, Inventory, Lifecycle, Governance, Admin). */
export const navSections = ["Overview", "Inventory", "Lifecycle", "Governance", "Admin"] as const;
export type NavSection = (typeof navSections)[number];

/**
 * Icon names the shell maps to lucide-react components (components/shell/nav-icons.tsx): lib/authz
 * stays free of React. An entry without one gets a neutral dot.
 */
export const navIcons = [
  "dashboard",
  "queue",
  "inbox",
  "credential",
  "application",
  "api",
  "server",
  "policy",
  "team",
  "person",
  "rotation",
  "review",
  "incident",
  "leak-lookup",
  "finding",
  "control",
  "exception",
  "export",
  "import",
  "audit",
  "user",
  "notification",
  "calendar",
  "token",
  "api-docs",
  "unknown-client",
  "create",
] as const;
export type NavIcon = (typeof navIcons)[number];

export type NavItem = { href: string; label: string; permission: Permission; section: NavSection; icon?: NavIcon };

/** The app's navigation, grouped by section in display order; each entry shows only to roles holding its permission. */
export const navItems: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", permission: "dashboard:read", section: "Overview", icon: "dashboard" },
  { href: "/queue", label: "My queue", permission: "queue:read", section: "Overview", icon: "queue" },
  { href: "/inventory", label: "Inventory", permission: "inventory:read", section: "Inventory", icon: "credential" },
  { href: "/applications", label: "Applications", permission: "inventory:read", section: "Inventory", icon: "application" },
  { href: "/apis", label: "APIs & scopes", permission: "inventory:read", section: "Inventory", icon: "api" },
  { href: "/servers", label: "Authorization servers", permission: "inventory:read", section: "Inventory", icon: "server" },
  { href: "/policies", label: "Policies", permission: "inventory:read", section: "Inventory", icon: "policy" },
  { href: "/teams", label: "Teams", permission: "team:read", section: "Inventory", icon: "team" },
  { href: "/people", label: "People", permission: "person:read", section: "Inventory", icon: "person" },
  { href: "/usage/unknown-clients", label: "Unknown clients", permission: "usage:read", section: "Inventory", icon: "unknown-client" },
  { href: "/rotations", label: "Rotations", permission: "inventory:read", section: "Lifecycle", icon: "rotation" },
  { href: "/reviews", label: "Reviews & campaigns", permission: "inventory:read", section: "Lifecycle", icon: "review" },
  { href: "/incidents", label: "Leak incidents", permission: "inventory:read", section: "Lifecycle", icon: "incident" },
  { href: "/leak-lookup", label: "Leak lookup", permission: "leak-lookup:read", section: "Lifecycle", icon: "leak-lookup" },
  { href: "/findings", label: "Findings", permission: "inventory:read", section: "Governance", icon: "finding" },
  { href: "/controls", label: "Controls", permission: "inventory:read", section: "Governance", icon: "control" },
  { href: "/exceptions", label: "Exceptions", permission: "inventory:read", section: "Governance", icon: "exception" },
  { href: "/exports", label: "Auditor exports", permission: "compliance-export:read", section: "Governance", icon: "export" },
  { href: "/import-export", label: "Import & export", permission: "export:read", section: "Admin", icon: "import" },
  { href: "/audit", label: "Audit log", permission: "audit:read", section: "Admin", icon: "audit" },
  { href: "/settings/users", label: "Users", permission: "user:read", section: "Admin", icon: "user" },
  { href: "/settings/notifications", label: "Notifications", permission: "notification:manage", section: "Admin", icon: "notification" },
  { href: "/settings/calendar", label: "Calendar feeds", permission: "calendar:manage", section: "Admin", icon: "calendar" },
  { href: "/settings/tokens", label: "API tokens", permission: "read-only-token:write", section: "Admin", icon: "token" },
  { href: "/api-docs", label: "API", permission: "api-docs:read", section: "Admin", icon: "api-docs" },
];

/**
 * Pages the command palette offers besides the navigation: the "new …" forms, each under the
 * permission its page requires (lib/authz/pages), so an auditor is offered none of them.
 */
export const createItems: readonly NavItem[] = [
  { href: "/inventory/new", label: "New credential", permission: "credential:write", section: "Inventory", icon: "create" },
  { href: "/applications/new", label: "New application", permission: "application:write", section: "Inventory", icon: "create" },
  { href: "/apis/new", label: "New API", permission: "api:write", section: "Inventory", icon: "create" },
  { href: "/servers/new", label: "New authorization server", permission: "server:manage", section: "Inventory", icon: "create" },
  { href: "/policies/new", label: "New policy", permission: "policy:manage", section: "Inventory", icon: "create" },
  { href: "/teams/new", label: "New team", permission: "team:manage", section: "Inventory", icon: "create" },
  { href: "/people/new", label: "New person", permission: "person:manage", section: "Inventory", icon: "create" },
  { href: "/reviews/campaigns/new", label: "New review campaign", permission: "campaign:manage", section: "Lifecycle", icon: "create" },
  { href: "/exceptions/new", label: "New exception", permission: "exception:manage", section: "Governance", icon: "create" },
  { href: "/settings/users/new", label: "New user", permission: "user:manage", section: "Admin", icon: "create" },
  { href: "/inbox", label: "Inbox", permission: "inbox:read", section: "Overview", icon: "inbox" },
];

export function navigationFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}

/** The role's navigation as sections with headings (empty sections left out). */
export function navigationSectionsFor(role: Role): { section: NavSection; items: NavItem[] }[] {
  const items = navigationFor(role);
  return navSections.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter((g) => g.items.length > 0);
}

/** Every page the command palette may offer the role: its navigation, then the forms it may open. */
export function palettePagesFor(role: Role): NavItem[] {
  return [...navigationFor(role), ...createItems.filter((item) => can(role, item.permission))];
}
