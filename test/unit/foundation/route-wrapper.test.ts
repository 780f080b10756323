import { NextRequest } from "next/server";
import { beforeEach, describe, expect, expectTypeOf, test, vi } from "vitest";
import { z } from "zod";

import type { Role, Viewer } from "@/lib/db/users";

// Who is asking is faked (the viewer module answers with `session.viewer`); the wrapper runs as in the app.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/viewer", async () => {
  const { assertAccess } = await import("@/lib/auth/guards");
  return { viewerOrThrow: async (role?: Role) => assertAccess(session.viewer, role) };
});

const { action, errorToFailure, isJsonRequest, route } = await import("@/lib/auth/handler");
const { crossSiteRefusal, ownOrigins } = await import("@/lib/auth/origin");
const { AppError, RateLimitError } = await import("@/lib/errors");

const ADA: Viewer = { id: "u1", email: "ada@example.edu", name: "Ada", role: "STUDENT" };

beforeEach(() => {
  session.viewer = ADA;
});

/** A route that echoes its input, and records every call of its handler. */
function echoRoute() {
  const calls: unknown[] = [];
  const handler = route(z.object({ n: z.number() }), { role: "STUDENT", name: "echo" }, async (input, viewer) => {
    calls.push(input);
    return { n: input.n, viewer: viewer.id };
  });
  return { handler, calls };
}

function post(headers: Record<string, string>, body = '{"n":1}', url = "http://localhost:3000/api/echo") {
  return new NextRequest(url, { method: "POST", headers, body });
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: string; data?: unknown } };
}

describe("the viewer's type follows the role", () => {
  test("a required role or 'any' gives a Viewer; only 'public' gives Viewer | null", () => {
    // Compile-time checks (tsc fails on a wrong type); the wrappers are only built here, never called.
    action(z.object({}), { role: "STUDENT", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer>();
    });
    action(z.object({}), { role: "INSTRUCTOR", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer>();
    });
    action(z.object({}), { role: "any", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer>();
    });
    action(z.object({}), { name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer>();
    });
    action(z.object({}), { role: "public", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer | null>();
    });
    route(z.object({}), { role: "STUDENT", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer>();
    });
    route(z.object({}), { role: "public", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer | null>();
    });
    // With the type arguments spelled out (as routes with a typed context do), a role still gives a Viewer.
    route<z.ZodObject, void, { params: Promise<{ id: string }> }>(z.object({}), { role: "STUDENT", name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer>();
    });
    // A role that may be "public" may give null.
    const maybePublic = "public" as Role | "public";
    action(z.object({}), { role: maybePublic, name: "t" }, async (_input, viewer) => {
      expectTypeOf(viewer).toEqualTypeOf<Viewer | null>();
    });
  });

  test("the public action runs without a session and gets null", async () => {
    session.viewer = null;
    const seen: (Viewer | null)[] = [];
    const signUp = action(z.object({}), { role: "public", name: "t" }, async (_input, viewer) => {
      seen.push(viewer);
      return 1;
    });
    await expect(signUp({})).resolves.toEqual({ ok: true, data: 1 });
    expect(seen).toEqual([null]);
  });
});

describe("JSON routes refuse other content types", () => {
  test("application/json, with or without a charset, is JSON; text/plain, forms and look-alikes are not", () => {
    const is = (type?: string) => isJsonRequest(post(type === undefined ? {} : { "content-type": type }));
    expect(is("application/json")).toBe(true);
    expect(is("application/json; charset=utf-8")).toBe(true);
    expect(is("Application/JSON;charset=UTF-8")).toBe(true);
    expect(is("text/plain")).toBe(false);
    expect(is("text/plain;charset=UTF-8")).toBe(false);
    expect(is("application/x-www-form-urlencoded")).toBe(false);
    expect(is("multipart/form-data; boundary=x")).toBe(false);
    expect(is("application/jsonp")).toBe(false);
    expect(is("application/json-patch+json")).toBe(false);
  });

  test("a text/plain body is a 415 with a message, and the handler does not run", async () => {
    const { handler, calls } = echoRoute();
    const res = await answer(await handler(post({ "content-type": "text/plain" }), undefined));
    expect(res).toEqual({
      status: 415,
      body: { ok: false, error: "This endpoint accepts JSON only: send the body with Content-Type: application/json." },
    });
    const none = await answer(await handler(post({}), undefined));
    expect(none.status).toBe(415);
    expect(calls).toEqual([]);
  });

  test("the refusal comes before the body is read", async () => {
    const { handler } = echoRoute();
    const req = post({ "content-type": "text/plain" });
    expect((await handler(req, undefined)).status).toBe(415);
    expect(req.bodyUsed).toBe(false);
  });

  test("JSON with a charset is read; a JSON body that does not parse is a 400", async () => {
    const { handler, calls } = echoRoute();
    const ok = await answer(await handler(post({ "content-type": "application/json; charset=utf-8" }), undefined));
    expect(ok).toEqual({ status: 200, body: { ok: true, data: { n: 1, viewer: "u1" } } });
    const bad = await answer(await handler(post({ "content-type": "application/json" }, "{n:"), undefined));
    expect(bad).toEqual({ status: 400, body: { ok: false, error: "The request body is not valid JSON." } });
    expect(calls).toEqual([{ n: 1 }]);
  });

  test("a route with its own input reader (a GET) needs no content type", async () => {
    const get = route(z.object({}), { role: "STUDENT", name: "get", input: async () => ({}) }, async (_input, viewer) => viewer.id);
    const res = await answer(await get(new NextRequest("http://localhost:3000/api/echo"), undefined));
    expect(res).toEqual({ status: 200, body: { ok: true, data: "u1" } });
  });
});

describe("state-changing requests from another site are refused", () => {
  const json = { "content-type": "application/json" };

  test("a foreign Origin is a 403 with a message, before the session is read or the handler runs", async () => {
    const { handler, calls } = echoRoute();
    session.viewer = null; // a 401 would mean the session was checked first
    const res = await answer(await handler(post({ ...json, origin: "https://evil.example" }), undefined));
    expect(res).toEqual({
      status: 403,
      body: { ok: false, error: "This request came from another website, so it was refused. Open the app at its own address and try again." },
    });
    expect(calls).toEqual([]);
  });

  test("the app's own origin, no Origin at all (curl), and same-site fetch metadata are allowed", async () => {
    const { handler, calls } = echoRoute();
    expect((await handler(post({ ...json, origin: "http://localhost:3000" }), undefined)).status).toBe(200);
    expect((await handler(post(json), undefined)).status).toBe(200);
    expect((await handler(post({ ...json, "sec-fetch-site": "same-origin" }), undefined)).status).toBe(200);
    expect((await handler(post({ ...json, "sec-fetch-site": "none" }), undefined)).status).toBe(200);
    expect(calls).toHaveLength(4);
  });

  test("without an Origin, Sec-Fetch-Site: cross-site is refused", async () => {
    const { handler, calls } = echoRoute();
    expect((await handler(post({ ...json, "sec-fetch-site": "cross-site" }), undefined)).status).toBe(403);
    expect(calls).toEqual([]);
  });

  test("Origin: null, another port or another scheme of the same host are foreign", () => {
    const refused = (origin: string) => crossSiteRefusal(post({ origin }), []) !== null;
    expect(refused("null")).toBe(true);
    expect(refused("http://localhost:3001")).toBe(true);
    expect(refused("https://localhost:3000")).toBe(true);
    expect(refused("http://localhost.evil.example:3000")).toBe(true);
    expect(refused("http://LOCALHOST:3000")).toBe(false);
  });

  test("GET, HEAD and OPTIONS are not checked; PUT, PATCH and DELETE are", () => {
    const req = (method: string) =>
      new NextRequest("http://localhost:3000/api/echo", { method, headers: { origin: "https://evil.example" } });
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(crossSiteRefusal(req(method), [])).toBeNull();
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(crossSiteRefusal(req(method), [])).not.toBeNull();
  });

  test("behind a proxy, the origin the browser used is the forwarded host and scheme, or the configured URL", () => {
    // `next start` builds the request URL from its own listening address; the browser's host arrives in headers.
    const url = "http://localhost:3000/api/echo";
    const proxied = post({ host: "localhost:3000", "x-forwarded-host": "study.example.edu", "x-forwarded-proto": "https" }, "{}", url);
    expect([...ownOrigins(proxied, [])].sort()).toEqual(["http://localhost:3000", "https://study.example.edu"]);
    expect(crossSiteRefusal(post({ origin: "https://study.example.edu", "x-forwarded-host": "study.example.edu, proxy.internal", "x-forwarded-proto": "https, http" }, "{}", url), [])).toBeNull();
    expect(crossSiteRefusal(post({ origin: "https://study.example.edu", host: "study.example.edu" }, "{}", url), [])).not.toBeNull(); // http by default
    expect(crossSiteRefusal(post({ origin: "http://study.example.edu", host: "study.example.edu" }, "{}", url), [])).toBeNull();
    // A proxy that forwards nothing: the configured public URL (AUTH_URL / NEXTAUTH_URL) counts.
    expect(crossSiteRefusal(post({ origin: "https://study.example.edu" }, "{}", url), [undefined, "https://study.example.edu/"])).toBeNull();
    expect(crossSiteRefusal(post({ origin: "https://evil.example" }, "{}", url), ["https://study.example.edu", "not a url"])).not.toBeNull();
  });
});

describe("one error mapper", () => {
  test("zod is 422 with field messages; an AppError keeps its status; a rate limit adds Retry-After; the rest is a generic 500", () => {
    const zod = z.object({ name: z.string() }).safeParse({});
    expect(zod.success).toBe(false);
    expect(errorToFailure(zod.error, "t")).toMatchObject({ status: 422, body: { ok: false, fieldErrors: { name: [expect.any(String)] } } });
    expect(errorToFailure(new AppError("Teapot.", 418), "t")).toEqual({ status: 418, body: { ok: false, error: "Teapot.", fieldErrors: undefined } });
    expect(errorToFailure(new RateLimitError("Wait.", 30), "t")).toMatchObject({ status: 429, headers: { "Retry-After": "30" } });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failure = errorToFailure(new Error("password=hunter2"), "ctx");
      expect(failure).toEqual({ status: 500, body: { ok: false, error: "Something went wrong on our side. Please try again." } });
      expect(log).toHaveBeenCalledWith("[ctx]", expect.any(Error));
    } finally {
      log.mockRestore();
    }
  });
});
