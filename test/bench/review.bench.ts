/**
 * Review benchmark on PostgreSQL: `node --conditions=react-server --import tsx test/bench/review.bench.ts`.
 *
 * Database: a fresh `bench_review_<random>` on the local server BENCH_DATABASE_URL names (default
 * postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end. Migrations are applied,
 * the course synced, and bench-only rows generated: one learner with 20,000 cards and 200,000 logs, 200 other
 * learners with 300 cards and 1,000 logs each, and a 10,000-log simulated history for the optimizer.
 *
 * Measures, sequentially (one request at a time):
 * - queue: `todayQueue` for the main learner (what /today and the review API build first);
 * - grade: POST /api/reviews over HTTP with a signed-in learner's session cookie (one grade; the screen fetches
 *   the next cards separately): the route's exported handler, as Next calls it, behind a bare Node HTTP server
 *   ("route-handler": the app's whole path, the session cookie decrypted and the account read, without Next's
 *   request pipeline);
 * - nextStart: the same grade through `next start` with a minted session cookie, when a production build is
 *   there (BENCH_NEXT_DIST, or `.next` holding a BUILD_ID), and a request without a session (401, no
 *   database work): what Next's server costs per request by itself;
 * - floor: the same write in a bare `pg` transaction (SELECT ... FOR UPDATE, schedule, INSERT log, UPDATE state);
 *   grade, floor and `recordReview` alone take turns, so that drifting disk and load reach all three alike;
 * - breakdown, to show where a grade's time goes: `recordReview` alone and `findViewer` alone, in process; the
 *   HTTP round trip alone (the same server echoing the body); the route answering a request without a session
 *   (401); `reviewSession` alone;
 * - optimize: `optimizeParameters` wall time on the 10,000-log history.
 * Prints one JSON object. Targets: queue p95 < 50 ms; grade p50 within 3x of the floor p50.
 * BENCH_RUNS sets the timed runs per measure (default 60); BENCH_KEEP=1 keeps the created database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { NextRequest } from "next/server";
import pg from "pg";

import { POST as gradeRoute } from "@/app/api/reviews/route";

import { sessionCookieOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { checkCourse } from "@/lib/content/check";
import { createDb, setDb } from "@/lib/db/client";
import { syncCourse } from "@/lib/db/content-sync";
import { applyMigrations } from "@/lib/db/migrate/migrations";
import { optimizeParameters } from "@/lib/db/optimizer";
import { todayQueue } from "@/lib/db/queue";
import { recordReview } from "@/lib/db/reviews";
import { reviewSession } from "@/lib/db/review-session";
import { memoryFromRow, type MemoryRow } from "@/lib/db/memory-row";
import { findViewer, type Viewer } from "@/lib/db/users";
import { DEFAULT_SCHEDULER_SETTINGS, schedule } from "@/lib/srs";

import { sessionCookie } from "../helpers/session-cookie";

import { createBenchDatabase } from "./database";
import { generateBenchData } from "./review-data";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;

interface Percentiles {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    runs: sorted.length,
    p50Ms: round(rank(0.5)),
    p95Ms: round(rank(0.95)),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

/** Runs `fn(i)` WARMUP + runs times one after another; returns the timings after the warm-up. */
async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const t0 = performance.now();
    await fn(i);
    if (i >= WARMUP) samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * Runs each of `fns` WARMUP + runs times, taking turns (run i starts at fn i mod n), and returns each one's
 * timings after the warm-up.
 */
async function timeInterleaved(runs: number, fns: ((i: number) => Promise<unknown>)[]): Promise<number[][]> {
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < WARMUP + runs; i++) {
    for (let k = 0; k < fns.length; k++) {
      const which = (i + k) % fns.length;
      const t0 = performance.now();
      await fns[which]!(i);
      if (i >= WARMUP) samples[which]!.push(performance.now() - t0);
    }
  }
  return samples;
}

/** A Next build folder to serve, if there is one. */
function nextBuildDir(): string | null {
  const dir = process.env.BENCH_NEXT_DIST ?? ".next";
  return existsSync(path.join(process.cwd(), dir, "BUILD_ID")) ? dir : null;
}

interface GradeServer {
  mode: "next-start" | "route-handler";
  post(body: unknown): Promise<number>;
  /** The same request without a session: answered 401 before any database work. */
  postSignedOut(body: unknown): Promise<number>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function startNext(distDir: string, databaseUrl: string, viewer: Viewer): Promise<GradeServer> {
  const port = await freePort();
  const secret = randomBytes(24).toString("hex");
  const child: ChildProcess = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      NEXT_DIST_DIR: distDir,
      AUTH_SECRET: secret,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/sign-in`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 120 || child.exitCode !== null) throw new Error("next start did not come up within a minute");
    await new Promise((r) => setTimeout(r, 500));
  }
  // Production cookies carry the __Secure- prefix.
  const cookie = await sessionCookie(viewer, secret, true);
  return {
    mode: "next-start",
    post: (body) => postJson(`${base}/api/reviews`, body, { cookie }),
    postSignedOut: (body) => postJson(`${base}/api/reviews`, body, {}),
    close: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/**
 * POST /api/reviews as the app exports it (app/api/reviews/route.ts: the route wrapper, the session cookie, zod,
 * gradeCard, the JSON answer) behind a bare Node HTTP server instead of Next's: all of the app's own HTTP path,
 * without the framework's request pipeline. Requests carry the cookie a signed-in browser sends.
 */
async function startHandler(viewer: Viewer): Promise<GradeServer & { roundTrip(body: unknown): Promise<number> }> {
  const { secret, useSecureCookies } = sessionCookieOptions();
  const cookie = await sessionCookie(viewer, secret, useSecureCookies);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        // The cost of the HTTP round trip alone (request, body, JSON answer), for the breakdown.
        if (req.url === "/echo") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ ok: true, data: JSON.parse(body.toString("utf8")) as unknown }));
          return;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
        }
        try {
          const request = new NextRequest(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers, body });
          const response = await gradeRoute(request, undefined);
          const out = Buffer.from(await response.arrayBuffer());
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(out);
        } catch (error) {
          console.error(error);
          res.writeHead(500).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    mode: "route-handler",
    post: (body) => postJson(`${base}/api/reviews`, body, { cookie }),
    postSignedOut: (body) => postJson(`${base}/api/reviews`, body, {}),
    roundTrip: (body) => postJson(`${base}/echo`, body, {}),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type StateRow = MemoryRow & { id: string };

/** The floor: one grade as the fewest statements that can do it, on one open connection. */
async function bareGrade(client: pg.Client, userId: string, cardId: string): Promise<void> {
  const now = new Date();
  await client.query("BEGIN");
  try {
    const { rows } = await client.query<StateRow>(
      `SELECT "id", "state"::text AS "state", "due", "stability", "difficulty", "elapsedDays", "scheduledDays",
              "learningSteps", "reps", "lapses", "lastReview"
       FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2 FOR UPDATE`,
      [userId, cardId],
    );
    const row = rows[0];
    if (!row) throw new Error(`no state for ${cardId}`);
    const { next, log } = schedule(memoryFromRow(row), 3, now, DEFAULT_SCHEDULER_SETTINGS);
    await client.query(
      `INSERT INTO "ReviewLog" ("id", "clientEventId", "userId", "cardId", "rating", "source", "reviewedAt",
         "durationMs", "stateBefore", "dueBefore", "stabilityBefore", "difficultyBefore", "elapsedDays",
         "lastElapsedDays", "scheduledDays", "learningSteps", "dueAfter", "stabilityAfter", "difficultyAfter")
       VALUES ($1, $2, $3, $4, 3, 'REVIEW', $5, 5000, $6::"MemoryStateName", $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        `floor_${randomUUID()}`, randomUUID(), userId, cardId, now, log.state, log.due, log.stability, log.difficulty,
        log.elapsedDays, log.lastElapsedDays, log.scheduledDays, log.learningSteps, next.due, next.stability,
        next.difficulty,
      ],
    );
    await client.query(
      `UPDATE "CardState" SET "state" = $2::"MemoryStateName", "due" = $3, "stability" = $4, "difficulty" = $5,
         "elapsedDays" = $6, "scheduledDays" = $7, "learningSteps" = $8, "reps" = $9, "lapses" = $10,
         "lastReview" = $11, "version" = "version" + 1, "updatedAt" = now()
       WHERE "id" = $1`,
      [row.id, next.state, next.due, next.stability, next.difficulty, next.elapsedDays, next.scheduledDays,
        next.learningSteps, next.reps, next.lapses, next.lastReview],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const database = await createBenchDatabase("bench_review");
  const target = { kind: "postgres" as const, url: database.url };
  const client = new pg.Client({ connectionString: database.url });
  const prisma = createDb(target);
  const servers: GradeServer[] = [];
  try {
    await applyMigrations(target);
    setDb(prisma);
    const now = new Date();
    const { course, problems } = checkCourse(path.resolve(process.cwd(), "content"));
    if (problems.length > 0) throw new Error(`content has ${problems.length} problems; run npm run content:check`);
    await syncCourse(course, now);

    await client.connect();
    const tag = `bench${randomBytes(3).toString("hex")}`;
    const genStart = performance.now();
    const data = await generateBenchData(client, tag, now, await hashPassword("bench-password"));
    const generateSeconds = (performance.now() - genStart) / 1000;

    const main = await findViewer(data.mainUserId);
    const optimizer = await findViewer(data.optimizerUserId);
    if (!main || !optimizer) throw new Error("bench users were not created");

    // Queue build.
    let queueCounts: Record<string, number> = {};
    const queue = percentiles(
      await timeRuns(RUNS, async () => {
        queueCounts = (await todayQueue(main, new Date())).counts;
      }),
    );

    // Cards to grade: due reviews, each graded once, none shared between the app and the floor.
    const due = (
      await client.query<{ cardId: string }>(
        `SELECT "cardId" FROM "CardState" WHERE "userId" = $1 AND "state" = 'REVIEW' AND "due" < now()
         ORDER BY "cardId" LIMIT $2`,
        [main.id, 4 * (WARMUP + RUNS)],
      )
    ).rows.map((r) => r.cardId);
    if (due.length < 4 * (WARMUP + RUNS)) throw new Error(`only ${due.length} due cards to grade`);
    const slice = (k: number) => due.slice(k * (WARMUP + RUNS), (k + 1) * (WARMUP + RUNS));
    const [httpCards, floorCards, recordCards] = [slice(0), slice(1), slice(2)];

    const handler = await startHandler(main);
    servers.push(handler);
    const dist = nextBuildDir();
    const next = dist ? await startNext(dist, database.url, main) : null;
    if (next) servers.push(next);
    const gradeBody = (cardId: string | undefined) => ({
      cardId,
      rating: 3,
      clientEventId: randomUUID(),
      durationMs: 5000,
    });

    // The app's grade (behind the bare HTTP server, and through `next start` when there is a build), the
    // floor and recordReview alone take turns (in a rotating order), so that all of them meet the same disk
    // and the same load: a commit's fsync time drifts over a run on a shared machine.
    const statuses = new Set<number>();
    const nextCards = slice(3);
    const [gradeSamples, floorSamples, recordSamples, nextSamples] = await timeInterleaved(RUNS, [
      async (i) => statuses.add(await handler.post(gradeBody(httpCards[i]))),
      (i) => bareGrade(client, main.id, floorCards[i] ?? ""),
      (i) =>
        recordReview(
          { userId: main.id, cardId: recordCards[i] ?? "", rating: 3, source: "REVIEW", reviewedAt: new Date(), clientEventId: randomUUID(), durationMs: 5000 },
          { now: new Date() },
        ),
      ...(next ? [async (i: number) => statuses.add(await next.post(gradeBody(nextCards[i])))] : []),
    ]);
    if (statuses.size !== 1 || !statuses.has(200)) throw new Error(`grade requests answered ${[...statuses].join(", ")}`);
    const grade = percentiles(gradeSamples ?? []);
    const floor = percentiles(floorSamples ?? []);
    const recordOnly = percentiles(recordSamples ?? []);
    const signedOut = async (server: GradeServer) => {
      const samples = await timeRuns(RUNS, async () => {
        const status = await server.postSignedOut(gradeBody(nextCards[0]));
        if (status !== 401) throw new Error(`a request without a session answered ${status}`);
      });
      return percentiles(samples);
    };
    const nextGrade = percentiles(nextSamples ?? []);
    const nextRatio = Math.round((nextGrade.p50Ms / floor.p50Ms) * 100) / 100;
    const nextStart = next
      ? {
          grade: nextGrade,
          gradeToFloorP50: nextRatio,
          // What `next start` costs per request before the app does anything: the 401 for a missing session.
          signedOut401: await signedOut(next),
        }
      : { skipped: "no production build (run `next build`, or set BENCH_NEXT_DIST)" };
    const sessionOnly = percentiles(await timeRuns(RUNS, () => reviewSession(main, new Date())));
    const viewerOnly = percentiles(await timeRuns(RUNS, () => findViewer(main.id)));
    const handlerSignedOut = await signedOut(handler);
    const httpOnly = percentiles(await timeRuns(RUNS, () => handler.roundTrip(gradeBody(httpCards[0]))));

    const optStart = performance.now();
    const fit = await optimizeParameters(optimizer, new Date());
    const optimizeMs = Math.round(performance.now() - optStart);

    const ratio = Math.round((grade.p50Ms / floor.p50Ms) * 100) / 100;
    const result = {
      database: "postgresql",
      gradePath: handler.mode,
      data: { ...data, generateSeconds: Math.round(generateSeconds * 10) / 10 },
      queue: { ...queue, counts: queueCounts },
      grade,
      floor,
      gradeToFloorP50: ratio,
      nextStart,
      breakdown: {
        recordReview: recordOnly,
        findViewer: viewerOnly,
        httpRoundTrip: httpOnly,
        // The route without a session: the wrapper, the cookie check and a 401 answer, no database work.
        signedOut401: handlerSignedOut,
        reviewSession: sessionOnly,
      },
      optimize: { logs: fit.report.reviews, wallMs: optimizeMs, applied: fit.applied },
      targets: {
        queueP95Under50Ms: queue.p95Ms < 50,
        gradeP50Within3xFloor: ratio <= 3,
        ...(next ? { nextStartGradeP50Within3xFloor: nextRatio <= 3 } : {}),
      },
      totalSeconds: 0,
      // Timings on a shared machine move with its load; this says how busy it was.
      machine: { cpus: os.cpus().length, loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10 },
    };
    result.totalSeconds = Math.round((performance.now() - started) / 100) / 10;
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const server of servers) await server.close();
    await client.end().catch(() => {});
    setDb(undefined);
    await prisma.$disconnect();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
