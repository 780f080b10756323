import "server-only";

import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

import { env } from "@/lib/env";
import type { Role } from "@/lib/db/users";
import { RateLimitError } from "@/lib/errors";

import { authenticate, WRONG_CREDENTIALS } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role: Role;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}

/** What reading a session cookie needs: the secret that seals it, and whether its name has the Secure prefix. */
export function sessionCookieOptions(): { secret: string; useSecureCookies: boolean } {
  const e = env();
  return { secret: e.AUTH_SECRET, useSecureCookies: e.NODE_ENV === "production" };
}

/**
 * Email + password sign-in with stateless JWT sessions (any number of app servers can check them). Cookies are
 * `Secure` in production; `SameSite=Lax` and `HttpOnly` always.
 */
export function authOptions(): NextAuthOptions {
  return {
    ...sessionCookieOptions(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials) {
          try {
            const viewer = await authenticate(credentials, new Date());
            if (!viewer) throw new Error(WRONG_CREDENTIALS);
            return { id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role };
          } catch (error) {
            if (error instanceof RateLimitError) throw new Error(error.message);
            if (error instanceof Error && error.message === WRONG_CREDENTIALS) throw error;
            console.error("sign-in failed", error);
            throw new Error("Sign-in is unavailable right now. Try again in a minute.");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid && token.role) {
          session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? "", role: token.role };
        }
        return session;
      },
    },
  };
}
