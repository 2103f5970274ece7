/** The Content-Security-Policy for one response (DESIGN §9). Pure: tested without a server. */
export function buildCsp(opts: { nonce: string; isDev: boolean; formActionOrigins?: readonly string[] }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets Next's nonce'd bootstrap load its own chunks; nothing else runs.
    "script-src": ["'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.isDev ? ["'unsafe-eval'"] : [])],
    // React and Radix set style attributes at runtime; styles cannot execute code.
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
