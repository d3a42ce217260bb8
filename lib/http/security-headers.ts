/**
 * Security headers for every response. The static ones come from next.config.ts (every path,
 * static files included); the Content-Security-Policy, whose nonce is new for each request, and
 * HSTS, which depends on the scheme, from proxy.ts.
 */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  // Nobody may frame the app (clickjacking); frame-ancestors in the CSP says the same to new browsers.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Full URLs (invite tokens are in paths) never leave the site; other sites see the origin only.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Two years, subdomains included: the value hstspreload.org asks for. */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * A strict, nonce-based policy as Next.js documents it: scripts only with this response's nonce
 * (Next puts it on its own scripts when it finds it in the request's CSP header) or loaded by
 * those ('strict-dynamic'). Styles allow inline: React renders `style` attributes, which a nonce
 * cannot cover. `dev` adds the 'unsafe-eval' that React's development build needs.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Whether the request reached us over https (directly, or as a proxy in front says). */
export function servedOverHttps(url: URL, headers: Headers): boolean {
  if (url.protocol === "https:") return true;
  // Forgeable by a client talking plain http to us — harmless here: browsers ignore HSTS over http.
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}
