import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { parseTheme, themeCookie } from "@/lib/theme";
import "./globals.css";

// Every page is rendered per request: it carries a fresh CSP nonce and must never be prerendered
// at build time (which would also open the database during `next build`).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Steward",
  description: "Inventory and governance for non-human identity credentials",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1220" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme cookie is read here, so the server's HTML already carries it: no flash of the wrong theme.
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
