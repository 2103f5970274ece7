/**
 * The colour theme (client-safe): "system" follows prefers-color-scheme, the other two override it.
 * The choice lives in a cookie, so the server renders <html data-theme> and the first paint is right.
 */
export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

export const themeCookie = "steward-theme";

export function parseTheme(value: string | undefined | null): Theme {
  return themes.includes(value as Theme) ? (value as Theme) : "system";
}

/** The Set-Cookie text a browser writes for a choice: a year, whole site, not sent cross-site. */
export function themeCookieText(theme: Theme, secure: boolean): string {
  return `${themeCookie}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
