/**
 * A real OpenID Provider for the end-to-end tests (the `oidc-provider` package, certified
 * implementation), on localhost. Its development login page accepts any password; the login
 * name becomes the subject and the email claim.
 */
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3300);
const appUrl = process.env.APP_URL ?? "http://localhost:3200";
const issuer = `http://localhost:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? "steward-e2e",
      client_secret: process.env.OIDC_CLIENT_SECRET ?? "e2e-client-secret-not-a-real-one",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  findAccount(_ctx, id) {
    return {
      accountId: id,
      // A login starting "unverified." stands for a provider that leaves email_verified out.
      claims: () => ({ sub: id, email: id, ...(id.startsWith("unverified.") ? {} : { email_verified: true }), name: id.split("@")[0] ?? id }),
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["steward-e2e-cookie-key"] },
  ttl: { Session: 60, Interaction: 600, Grant: 600, AccessToken: 300, IdToken: 300, AuthorizationCode: 60 },
});

provider.listen(port, () => {
  console.log(`[oidc] provider listening at ${issuer}`);
});
