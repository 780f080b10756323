import "server-only";

// Cross-site request forgery: a session cookie rides along on any request the browser sends, even one another
// site started (a text/plain form POST needs no CORS preflight). Browsers put the page's origin in the `Origin`
// header of such a request (and `Sec-Fetch-Site` where they support it), and a page cannot forge either, so a
// state-changing request is refused when those say it came from elsewhere. Server actions get the same check from
// Next itself; next-auth's own POSTs (/api/auth) carry its CSRF token.

/** Methods that change nothing; every other method is checked. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The first value of a header a proxy may have written as a list ("a, b"). */
function firstValue(value: string | null): string | undefined {
  const first = value?.split(",")[0]?.trim();
  return first ? first : undefined;
}

/** `url`'s origin (scheme, host, port as browsers write it), or undefined for something that is not a URL. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The origins a request to this app may come from: the request URL's own; the one its `Host` names, or behind a
 * proxy `X-Forwarded-Host` with `X-Forwarded-Proto` (`next start` builds the request URL from its own listening
 * address, not from the Host the browser used); and the app's configured public URLs (AUTH_URL / NEXTAUTH_URL).
 * Trusting the forwarded headers is safe here: a cross-site page cannot set them without a CORS preflight,
 * which this app never grants.
 */
export function ownOrigins(req: Request, appUrls: readonly (string | undefined)[]): Set<string> {
  const url = new URL(req.url);
  const proto = firstValue(req.headers.get("x-forwarded-proto"))?.replace(/:$/, "") ?? url.protocol.replace(/:$/, "");
  const host = firstValue(req.headers.get("x-forwarded-host")) ?? firstValue(req.headers.get("host"));
  const origins = [url.origin, host ? originOf(`${proto}://${host}`) : undefined, ...appUrls.map(originOf)];
  return new Set(origins.filter((o): o is string => o !== undefined && o !== "null"));
}

/**
 * Why a state-changing request from another site must be refused, or null when it may go on. With an `Origin`
 * header, it must be one of `ownOrigins` ("null", sent by sandboxed frames and some redirects, is not). Without
 * one (older browsers on same-origin POSTs, curl, server-to-server calls), `Sec-Fetch-Site: cross-site` is
 * refused and anything else allowed.
 */
export function crossSiteRefusal(req: Request, appUrls: readonly (string | undefined)[]): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const refusal = "This request came from another website, so it was refused. Open the app at its own address and try again.";
  const origin = req.headers.get("origin");
  if (origin !== null) {
    const normalized = originOf(origin.trim());
    return normalized !== undefined && ownOrigins(req, appUrls).has(normalized) ? null : refusal;
  }
  return req.headers.get("sec-fetch-site")?.trim().toLowerCase() === "cross-site" ? refusal : null;
}
