import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { sameSiteRedirect } from "@/lib/safe-redirect";
import { upsertOAuthUser } from "@/lib/users";
import { endSessions, sessionClaims, userForSession } from "./sessions";
import { authenticateWithPassword } from "./sign-in";

export type ProviderInfo = { id: string; name: string };

/** The external sign-in providers switched on by environment variables. */
export function externalProviders(): ProviderInfo[] {
  const e = env();
  const list: ProviderInfo[] = [];
  if (e.OIDC_ISSUER) list.push({ id: "oidc", name: e.OIDC_NAME });
  if (e.GITHUB_ID) list.push({ id: "github", name: "GitHub" });
  return list;
}

/**
 * next-auth configuration: email + password always; a generic OIDC provider (e.g. CERN SSO) when
 * OIDC_ISSUER/OIDC_CLIENT_ID/OIDC_CLIENT_SECRET are set; GitHub when GITHUB_ID/GITHUB_SECRET are.
 * Sessions are JWTs carrying the user id and session version (plus the name and email next-auth
 * adds); both are checked against the database on each request, so sign-out ends the session for
 * every copy of the cookie, and a role change or a deleted account takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error("Enter your email and password.");
        try {
          const user = await authenticateWithPassword(
            await getDb(),
            credentials.email,
            credentials.password,
            clientIp(req?.headers),
          );
          return { id: user.id, email: user.email, name: user.name };
        } catch (err) {
          // next-auth shows a thrown Error's message to the client: keep it to our public messages.
          if (isAppError(err)) throw new Error(err.message);
          throw new Error("Sign-in failed; try again.");
        }
      },
    }),
  ];
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(p: { sub: string; email?: string; name?: string; preferred_username?: string }) {
        return { id: p.sub, email: p.email, name: p.name ?? p.preferred_username ?? p.email };
      },
    });
  }
  if (e.GITHUB_ID && e.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  }
  return {
    secret: e.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        if (!user.email) return "/signin?error=EmailRequired";
        try {
          const u = await upsertOAuthUser(await getDb(), {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            type: account.type,
            email: user.email,
            // OIDC says so in the ID token; GitHub's profile carries no such claim, so no email link.
            emailVerified: (profile as { email_verified?: unknown } | undefined)?.email_verified === true,
            name: user.name,
          });
          user.id = u.id;
          return true;
        } catch (e) {
          if (isAppError(e) && e.code === "conflict") return "/signin?error=AccountExists";
          throw e;
        }
      },
      redirect({ url, baseUrl }) {
        return sameSiteRedirect(url, baseUrl);
      },
      async jwt({ token, user }) {
        if (user?.id) {
          const claims = await sessionClaims(await getDb(), user.id);
          token.uid = claims?.uid;
          token.sv = claims?.sv;
        }
        return token;
      },
      async session({ session, token }) {
        // An ended session (sign-out elsewhere, a lost role) reads as signed out, cookie or not.
        const u = await userForSession(await getDb(), token);
        if (u) session.user = { id: u.id, email: u.email, name: u.name, role: u.role };
        else delete session.user;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.uid === "string") await endSessions(await getDb(), token.uid, token);
      },
    },
  };
}
