import { randomUUID } from "node:crypto";

import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import * as quizAnswers from "@/app/api/quizzes/[attemptId]/answers/route";
import * as quizSubmit from "@/app/api/quizzes/[attemptId]/submit/route";
import * as quizStart from "@/app/api/quizzes/route";
import * as reviews from "@/app/api/reviews/route";
import * as reviewsUndo from "@/app/api/reviews/undo/route";
import { sessionCookieOptions } from "@/lib/auth/options";
import { introduceCards } from "@/lib/db/collection";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { sessionCookie } from "../../helpers/session-cookie";
import { cardId, reviewFixture, type ReviewFixture } from "../review/fixtures";

// The route handlers as Next calls them, with the cookie a signed-in browser sends: nothing is faked but the
// HTTP server. What a cross-site page can make a browser send (a text/plain body, a foreign Origin) must be
// refused before anything is written.

const APP = "http://localhost:3000";
const ORIGIN_REFUSED = "This request came from another website, so it was refused. Open the app at its own address and try again.";
const NOT_JSON = "This endpoint accepts JSON only: send the body with Content-Type: application/json.";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: ReviewFixture;
let cookie: string;
beforeAll(async () => {
  t = await migratedDatabase();
  f = await reviewFixture(t.db);
  await introduceCards(f.ada, [cardId(f, "a1"), cardId(f, "a2")], new Date("2026-03-01T08:00:00Z"));
  const { secret, useSecureCookies } = sessionCookieOptions();
  cookie = await sessionCookie(f.ada, secret, useSecureCookies);
});
afterAll(async () => {
  await t.drop();
});

const grade = (key: string) => JSON.stringify({ cardId: cardId(f, key), rating: 3, clientEventId: randomUUID() });

function request(path: string, headers: Record<string, string>, body?: string, method = "POST"): NextRequest {
  return new NextRequest(`${APP}${path}`, { method, headers, body });
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: string; data?: unknown } };
}

const attempt = { params: Promise.resolve({ attemptId: "zzzzzzzzzzzzzzzzzzzzzzzz" }) };
/** Every route that reads a JSON body, with a body it would accept the shape of. */
const JSON_ROUTES = [
  ["/api/reviews", (req: NextRequest) => reviews.POST(req, undefined), () => grade("a1")],
  ["/api/reviews/undo", (req: NextRequest) => reviewsUndo.POST(req, undefined), () => JSON.stringify({ logId: "x", clientEventId: randomUUID() })],
  ["/api/quizzes", (req: NextRequest) => quizStart.POST(req, undefined), () => JSON.stringify({ scope: "due", mode: "STEP" })],
  ["/api/quizzes/:id/answers", (req: NextRequest) => quizAnswers.POST(req, attempt), () => JSON.stringify({ questionId: "q", response: { value: 1 } })],
  ["/api/quizzes/:id/submit", (req: NextRequest) => quizSubmit.POST(req, attempt), () => JSON.stringify({ answers: [] })],
] as const;

describe(`route guards with a real session cookie on ${dbKind}`, () => {
  test("a text/plain POST to /api/reviews with a valid session is a 415 and writes nothing", async () => {
    const before = await tableCounts(t);
    const res = await answer(await reviews.POST(request("/api/reviews", { cookie, "content-type": "text/plain;charset=UTF-8" }, grade("a1")), undefined));
    expect(res).toEqual({ status: 415, body: { ok: false, error: NOT_JSON } });
    expect(await tableCounts(t)).toEqual(before);
  });

  test("a POST with Origin: https://evil.example is a 403 and writes nothing, JSON or not", async () => {
    const before = await tableCounts(t);
    for (const type of ["application/json", "text/plain"]) {
      const req = request("/api/reviews", { cookie, "content-type": type, origin: "https://evil.example" }, grade("a1"));
      expect(await answer(await reviews.POST(req, undefined))).toEqual({ status: 403, body: { ok: false, error: ORIGIN_REFUSED } });
    }
    // No Origin, but the browser says the request is cross-site.
    const noOrigin = request("/api/reviews", { cookie, "content-type": "application/json", "sec-fetch-site": "cross-site" }, grade("a1"));
    expect((await reviews.POST(noOrigin, undefined)).status).toBe(403);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("a same-origin application/json POST still grades, and so does one without an Origin (curl)", async () => {
    const before = await t.db.reviewLog.count({ where: { userId: f.ada.id } });
    const sameOrigin = request("/api/reviews", { cookie, "content-type": "application/json; charset=utf-8", origin: APP, "sec-fetch-site": "same-origin" }, grade("a1"));
    const first = await answer(await reviews.POST(sameOrigin, undefined));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, data: { outcome: { cardId: cardId(f, "a1"), rating: 3, duplicate: false } } });
    const curl = await answer(await reviews.POST(request("/api/reviews", { cookie, "content-type": "application/json" }, grade("a2")), undefined));
    expect(curl).toMatchObject({ status: 200, body: { ok: true, data: { outcome: { cardId: cardId(f, "a2") } } } });
    expect(await t.db.reviewLog.count({ where: { userId: f.ada.id } })).toBe(before + 2);
  });

  test("behind a proxy, the browser's origin (X-Forwarded-Host / X-Forwarded-Proto) is the app's own", async () => {
    const headers = {
      cookie,
      "content-type": "application/json",
      host: "localhost:3000",
      "x-forwarded-host": "study.example.edu",
      "x-forwarded-proto": "https",
    };
    const res = await reviews.POST(request("/api/reviews", { ...headers, origin: "https://study.example.edu" }, grade("a1")), undefined);
    expect(res.status).toBe(200);
    const foreign = await reviews.POST(request("/api/reviews", { ...headers, origin: "https://evil.example" }, grade("a1")), undefined);
    expect(foreign.status).toBe(403);
  });

  test("a role-required route without a session is still a 401, for POST and GET", async () => {
    const before = await tableCounts(t);
    const post = await answer(await reviews.POST(request("/api/reviews", { "content-type": "application/json", origin: APP }, grade("a1")), undefined));
    expect(post).toEqual({ status: 401, body: { ok: false, error: "Please sign in." } });
    const get = await reviews.GET(request("/api/reviews", {}, undefined, "GET"), undefined);
    expect(get.status).toBe(401);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("the review session GET (its own input reader) needs no content type", async () => {
    const res = await answer(await reviews.GET(request("/api/reviews", { cookie }, undefined, "GET"), undefined));
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });

  test("every JSON route refuses text/plain (415) and a foreign origin (403) with a session, writing nothing", async () => {
    const before = await tableCounts(t);
    for (const [path, call, body] of JSON_ROUTES) {
      const plain = await answer(await call(request(path, { cookie, "content-type": "text/plain" }, body())));
      expect({ path, ...plain }).toEqual({ path, status: 415, body: { ok: false, error: NOT_JSON } });
      const foreign = await answer(await call(request(path, { cookie, "content-type": "application/json", origin: "https://evil.example" }, body())));
      expect({ path, ...foreign }).toEqual({ path, status: 403, body: { ok: false, error: ORIGIN_REFUSED } });
    }
    expect(await tableCounts(t)).toEqual(before);
  });
});
