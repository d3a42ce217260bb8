import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuthLinks } from "@/components/auth/AuthLinks";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { currentActor } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Anomaly Arena", template: "%s · Anomaly Arena" },
  description: "LHC Olympics-style anomaly-detection challenges",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site">
          <div className="inner">
            <Link href="/" className="brand">
              Anomaly Arena
            </Link>
            <nav aria-label="Main">
              <Link href="/">Challenges</Link>
              {actor ? (
                <>
                  {(actor.role === "admin" || actor.role === "organizer") && (
                    <Link href="/challenges/new">New challenge</Link>
                  )}
                  <Link href="/submissions">My submissions</Link>
                  {actor.role === "admin" && <Link href="/admin/users">Users</Link>}
                  <Link href="/account">{actor.name}</Link>
                  <SignOutButton />
                </>
              ) : (
                <AuthLinks />
              )}
            </nav>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="site">Anomaly Arena — anomaly-detection challenges for collider physics.</footer>
      </body>
    </html>
  );
}
