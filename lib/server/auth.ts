import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { signInInput } from "@/lib/validation/users";
import { instanceSecrets } from "./instance-secrets";
import { clientIp } from "./client-address";
import { describeError, logText } from "./log";
import { clientRequestIdOf, requestIdOf } from "./request-meta";
import { signInWithOidc, signInWithPassword } from "./sign-in";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}

const SESSION_MAX_AGE_SECONDS = 12 * 3600;

type SignedInUser = { sessionVersion?: number };
/** `tokenExpires`: the session cookie's own expiry (seconds), which bounds how long its decoding may be cached. */
export type SessionWithVersion = { sessionVersion?: number; tokenExpires?: number };

function providers(): Provider[] {
  const e = env();
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = signInInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const attempt = { email: parsed.data.email, ip: clientIp(request.headers), requestId: requestIdOf(request.headers), clientRequestId: clientRequestIdOf(request.headers) };
        const outcome = await signInWithPassword(await getDb(), attempt, parsed.data.password);
        if (outcome.ok) return outcome.user;
        throw outcome.reason === "rate_limited" ? new RateLimited() : new InvalidCredentials();
      },
    }),
  ];
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: e.OIDC_NAME ?? "Single sign-on",
      type: "oidc",
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      checks: ["pkce", "state", "nonce"],
      // Read email from the UserInfo endpoint (sub-checked against the ID token): many providers,
      // oidc-provider's defaults among them, keep scope claims out of the ID token.
      idToken: false,
      authorization: { params: { scope: "openid email profile" } },
    });
  }
  return list;
}

export function isOidcConfigured(): boolean {
  return env().OIDC_ISSUER !== undefined;
}

export function oidcProviderName(): string {
  return env().OIDC_NAME ?? "Single sign-on";
}

// Lazy config: nothing touches the database or the data directory at build time.
export const { handlers, auth, signIn, signOut } = NextAuth((request): NextAuthConfig => ({
  secret: instanceSecrets().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS }, // Auth.js allows the Credentials provider with JWT sessions only
  pages: { signIn: "/login", error: "/login" },
  providers: providers(),
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== "oidc") return true;
      const email = typeof profile?.email === "string" ? profile.email.trim().toLowerCase() : "";
      const headers = request?.headers ?? new Headers();
      if (!email) return false;
      const outcome = await signInWithOidc(await getDb(), { email, ip: clientIp(headers), requestId: requestIdOf(headers), clientRequestId: clientRequestIdOf(headers) }, { emailVerified: profile?.email_verified });
      if (!outcome.ok) return false;
      // The token's subject is Steward's user id, not the provider's.
      user.id = outcome.user.id;
      (user as SignedInUser).sessionVersion = outcome.user.sessionVersion;
      return true;
    },
    jwt({ token, user }) {
      // `user` is present only on the sign-in call.
      if ((user as typeof user | undefined)?.id) {
        token.sub = user.id;
        token.sv = (user as SignedInUser).sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      // Compared with the user's current version on every request (lib/server/session).
      if (typeof token.sv === "number") (session as SessionWithVersion).sessionVersion = token.sv;
      if (typeof token.exp === "number") (session as SessionWithVersion).tokenExpires = token.exp;
      return session;
    },
  },
  logger: {
    // A wrong password is not an error worth a stack trace; type survives minification, name does not.
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin" || type === "AccessDenied") return;
      console.error(`[auth] ${logText(type ?? "error")} ${describeError(error)}`);
    },
    warn() {},
    debug() {},
  },
}));
