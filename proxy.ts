import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, HSTS, servedOverHttps } from "@/lib/http/security-headers";

/**
 * Per-request security headers (Next.js "proxy", formerly middleware): a fresh CSP nonce, handed to
 * the renderer through the request's own CSP header (Next reads the nonce from there), and HSTS
 * over https. The static headers are in next.config.ts.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (servedOverHttps(request.nextUrl, request.headers))
    response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  // Static build files are not documents: no policy to apply (next.config.ts still sets the rest).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
