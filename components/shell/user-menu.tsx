"use client";

import { useState, type ComponentType, type KeyboardEvent } from "react";
import { TriggerFace, triggerClass, type UserMenuProps } from "./user-menu-trigger";

type Menu = ComponentType<UserMenuProps>;
let loading: Promise<Menu> | null = null;
/** One fetch of the menu's module for the page; a failed one (offline) is tried again on the next press. */
const loadMenu = () =>
  (loading ??= import("./user-menu-radix").then(
    (m) => m.RadixUserMenu,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  ));

/**
 * The account menu in the header of every page. Its menu library (Radix dropdown menu with its
 * positioning, ~26 kB gzip) is not part of the page's first load (issue #16: mobile bytes and
 * main-thread work): the button is plain until it is pointed at, focused or pressed, which fetches
 * the menu; pressing it (or ArrowDown, as on a menu button) opens it once it is there, open.
 */
export function UserMenu(props: UserMenuProps) {
  const [LoadedMenu, setLoadedMenu] = useState<Menu | null>(null);
  if (LoadedMenu) return <LoadedMenu {...props} />;
  const open = () => void loadMenu().then((menu) => setLoadedMenu(() => menu), () => undefined);
  const prefetch = () => void loadMenu().catch(() => undefined);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      open();
    }
  };
  return (
    <button type="button" aria-haspopup="menu" aria-expanded={false} className={triggerClass} onClick={open} onKeyDown={onKeyDown} onPointerEnter={prefetch} onFocus={prefetch}>
      <TriggerFace name={props.name} />
    </button>
  );
}
