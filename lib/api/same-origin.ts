import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The origins this app answers at: the request's own, the Host it was sent to, NEXTAUTH_URL's. */
function ownOrigins(req: Request): Set<string> {
  const url = new URL(req.url);
  const origins = new Set([url.origin]);
  const host = req.headers.get("host");
  if (host) origins.add(`${url.protocol}//${host}`);
  const configured = env().NEXTAUTH_URL;
  if (configured) {
    try {
      origins.add(new URL(configured).origin);
    } catch {
      // NEXTAUTH_URL is next-auth's to validate; a bad one adds no origin here.
    }
  }
  return origins;
}

/**
 * CSRF defence for requests authenticated by the session cookie, which a browser attaches to
 * requests from any site: an unsafe method (POST, PUT, PATCH, DELETE) must come from this app's
 * own pages — `Sec-Fetch-Site: same-origin` (or `none`: typed by the user), or else an `Origin`
 * header naming this origin. Every browser sends one of the two on such requests; a request with
 * neither is refused too. Bearer-token requests carry no ambient credential and are not checked.
 * Throws `auth:cross_origin` (403).
 */
export function assertSameOrigin(req: Request): void {
  if (!UNSAFE.has(req.method.toUpperCase())) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return;
  const origin = req.headers.get("origin");
  if (site === null && origin && ownOrigins(req).has(origin)) return;
  throw new AppError(
    "auth:cross_origin",
    "Cross-site request refused: a request signed in by the session cookie must come from this site's own pages. Scripts and other clients should send an API token ('Authorization: Bearer <token>').",
  );
}
