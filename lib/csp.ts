/** The Content-Security-Policy for one response (DESIGN §9). Pure: tested without a server. */
export function buildCsp(opts: { nonce: string; isDev: boolean; formActionOrigins?: readonly string[] }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets Next's nonce'd bootstrap load its own chunks; nothing else runs.
    "script-src": ["'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.isDev ? ["'unsafe-eval'"] : [])],
    // Kept (issue 13 item 14): React renders style attributes into server HTML (progress bars,
    // Recharts' containers) and react-remove-scroll (Radix Dialog) injects <style> elements without a
    // nonce; both would break. Styles cannot execute code; scripts stay nonce-only.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(opts.isDev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    // Sign-in with SSO posts to us and is redirected to the identity provider.
    "form-action": ["'self'", ...(opts.formActionOrigins ?? [])],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/**
 * Strict-Transport-Security for a response served from `origin` (the public origin the browser
 * used): a year, subdomains included, only over https — over http a browser ignores it, and a
 * plain-http local install must not be pinned to https by accident.
 */
export function strictTransportSecurity(origin: string): string | null {
  return origin.startsWith("https:") ? "max-age=31536000; includeSubDomains" : null;
}
