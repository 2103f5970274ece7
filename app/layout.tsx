import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

// Every page is rendered per request: it carries a fresh CSP nonce and must never be prerendered
// at build time (which would also open the database during `next build`).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Steward",
  description: "Inventory and governance for non-human identity credentials",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
