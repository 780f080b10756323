import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/layout/site-header";
import { ThemeProvider } from "@/components/layout/theme-provider";
import { currentViewer } from "@/lib/auth/session";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "DeepCards", template: "%s · DeepCards" },
  description: "Spaced repetition and in-browser labs for deep learning.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Shown for display only; every page checks access itself.
  const viewer = await currentViewer();
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <ThemeProvider>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
          >
            Skip to content
          </a>
          <SiteHeader viewer={viewer ? { name: viewer.name, role: viewer.role } : null} />
          <main id="main" className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-10">
            {children}
          </main>
        </ThemeProvider>
      </body>
    </html>
  );
}
