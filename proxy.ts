import { type NextRequest, NextResponse } from "next/server";

// Convenience only: sends visitors without a session cookie to sign-in before rendering. Every page, action and
// route handler still checks the session itself.
const PROTECTED = ["/today", "/review", "/concepts", "/quizzes", "/labs", "/stats", "/settings", "/classes", "/join"];
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!api|_next|tfjs|favicon.ico).*)"] };
