import {
  BellRing,
  BookOpen,
  CalendarDays,
  ClipboardCheck,
  Circle,
  FileDown,
  FileSearch,
  FileUp,
  Gauge,
  Inbox,
  KeyRound,
  LayoutGrid,
  ListTodo,
  Network,
  Plus,
  Radar,
  RefreshCw,
  ScrollText,
  Server,
  ShieldAlert,
  ShieldCheck,
  ShieldOff,
  Siren,
  SlidersHorizontal,
  Ticket,
  User,
  UserCog,
  Users,
  type LucideIcon,
} from "lucide-react";
import type { NavIcon } from "@/lib/authz/navigation";

/** lucide-react's icon for each navigation icon name (lib/authz/navigation). */
export const navIconComponents: Record<NavIcon, LucideIcon> = {
  dashboard: Gauge,
  queue: ListTodo,
  inbox: Inbox,
  credential: KeyRound,
  application: LayoutGrid,
  api: Network,
  server: Server,
  policy: SlidersHorizontal,
  team: Users,
  person: User,
  rotation: RefreshCw,
  review: ClipboardCheck,
  incident: Siren,
  "leak-lookup": FileSearch,
  finding: ShieldAlert,
  control: ShieldCheck,
  exception: ShieldOff,
  export: FileDown,
  import: FileUp,
  audit: ScrollText,
  user: UserCog,
  notification: BellRing,
  calendar: CalendarDays,
  token: Ticket,
  "api-docs": BookOpen,
  "unknown-client": Radar,
  create: Plus,
};

export function NavIconGlyph({ icon, className }: { icon: NavIcon | undefined; className?: string }) {
  const Icon = icon ? navIconComponents[icon] : Circle;
  return <Icon className={className ?? "h-4 w-4 shrink-0"} aria-hidden="true" />;
}

