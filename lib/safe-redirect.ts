// Any origin will do: it only has to be one no callback URL can name by accident.
const BASE = "http://arena.invalid";

/**
 * A callback URL the app may follow after sign-in or sign-up: a path on this site, normalised
 * ("/x", never "//host", "/\host" or "https://host"), else "/". The URL parser (and every browser)
 * deletes tabs and newlines and reads "\" as "/", so "/\t/host" and "/\\host" would become
 * "//host", another site: a value with a control character or backslash is refused outright, and
 * what remains is parsed the way the browser will parse it and kept only if it stays on this origin.
 * @example safeCallbackUrl("/%09/evil.example/x") // "/" once decoded from the query ("/\t/evil.example/x")
 */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (!v?.startsWith("/") || v.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(v)) return "/";
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/a/..//host" normalises to "//host": check what comes out, not only what went in.
  return url.origin === BASE && !path.startsWith("//") ? path : "/";
}

/**
 * next-auth's redirect callback: follow `url` only to this site (`baseUrl`), through safeCallbackUrl.
 * Used for OAuth sign-in (the provider returns to the callbackUrl given at the start) and sign-out.
 */
export function sameSiteRedirect(url: string, baseUrl: string): string {
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    // A relative url is resolved against the site root, as next-auth does.
    target = url.startsWith("/") ? new URL(`${base.origin}${url}`) : new URL(url);
  } catch {
    return baseUrl;
  }
  if (target.origin !== base.origin) return baseUrl;
  return `${base.origin}${safeCallbackUrl(`${target.pathname}${target.search}${target.hash}`)}`;
}

/**
 * The header's link to the sign-in or sign-up page, returning to where the reader is: `page` with
 * `callbackUrl` = the current path and query (through safeCallbackUrl, so only a same-site path is
 * ever carried). On the sign-in and sign-up pages themselves it passes their own callbackUrl on
 * instead (never back to the form); a path that would return to "/" carries none.
 * @example authPageHref("/signin", "/challenges/lhco/boxes/bb1/leaderboard", "kind=claim")
 * // "/signin?callbackUrl=%2Fchallenges%2Flhco%2Fboxes%2Fbb1%2Fleaderboard%3Fkind%3Dclaim"
 */
export function authPageHref(page: "/signin" | "/signup", pathname: string, search: string): string {
  const query = new URLSearchParams(search);
  const qs = query.toString();
  const back =
    pathname === "/signin" || pathname === "/signup"
      ? safeCallbackUrl(query.get("callbackUrl") ?? undefined)
      : safeCallbackUrl(`${pathname}${qs ? `?${qs}` : ""}`);
  return back === "/" ? page : `${page}?callbackUrl=${encodeURIComponent(back)}`;
}
