// Class dashboard benchmark: `npm run bench:dashboard`
// (node --conditions=react-server --import tsx test/bench/dashboard.bench.ts).
//
// Creates a fresh PostgreSQL database on BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres,
// which must be a local server), fills it with set-based SQL (a class of 500 students, 30 concepts of 7 cards,
// ~100,000 card states, 1,000,000 review logs, quizzes and lab runs), times `classDashboard` and the two CSV
// exports, prints one JSON object and drops the database. BENCH_PROFILE=uniform spreads the reviews over every
// day of the year for every student (the worst case for streaks; see `generate`). BENCH_RUNS sets the number of timed runs (default 30);
// BENCH_KEEP=1 keeps the database (its name is printed) for EXPLAIN ANALYZE.

import pg from "pg";
import { default_w } from "ts-fsrs";

import { createDb, setDb } from "@/lib/db/client";
import { classDashboard } from "@/lib/db/dashboard";
import { applyMigrations } from "@/lib/db/migrate/migrations";
import type { Viewer } from "@/lib/db/users";
import { masteryCsv, rosterCsv } from "@/lib/progress/csv";
import { parseForecastDate } from "@/lib/progress/forecast";

import { createBenchDatabase } from "./database";

const STUDENTS = 500;
const CONCEPTS = 30;
const CARDS_PER_CONCEPT = 7;
const REVIEW_LOGS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 3;
const TARGET_P95_MS = 1000;
const NOW = new Date("2026-03-01T12:00:00Z");
const PROFILE = process.env.BENCH_PROFILE === "uniform" ? "uniform" : "sessions";

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? NaN) * 10) / 10;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

/** Fills the database with one class's worth of history. Deterministic: `setseed` fixes `random()`. */
async function generate(client: pg.Client): Promise<void> {
  const now = NOW.toISOString().replace("Z", "");
  const customWeights = `{${default_w.map((w, i) => (i === 20 ? 0.3 : w)).join(",")}}`;
  const statements = [
    "SELECT setseed(0.42)",
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       VALUES ('bench-instructor', 'instructor@bench.test', 'Bench Instructor', 'x', 'INSTRUCTOR', now())`,
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       SELECT 'bs' || i, 'student' || i || '@bench.test', 'Student ' || lpad(i::text, 3, '0'), 'x', 'STUDENT', now()
       FROM generate_series(1, ${STUDENTS}) i`,
    `INSERT INTO "UserSettings" ("userId", timezone, "dayStartHour", "fsrsWeights", "updatedAt")
       SELECT 'bs' || i,
              (ARRAY['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles'])[1 + i % 5],
              4, CASE WHEN i % 3 = 0 THEN '${customWeights}'::float8[] ELSE '{}'::float8[] END, now()
       FROM generate_series(1, ${STUDENTS}) i`,
    `INSERT INTO "Class" (id, name, "joinCode", "instructorId", "updatedAt")
       VALUES ('bench-class', 'Bench class', 'BENCH234', 'bench-instructor', now())`,
    `INSERT INTO "Enrollment" ("classId", "userId", "joinedAt")
       SELECT 'bench-class', 'bs' || i, '${now}'::timestamp - interval '120 days' FROM generate_series(1, ${STUDENTS}) i`,
    `INSERT INTO "Concept" (id, key, title, "group", "order", summary, "prerequisiteKeys", "labKeys", "sourceFile", "contentHash", "updatedAt")
       SELECT 'k' || i, 'concept-' || i, 'Concept ' || i, 'foundations', i, 's', '{}', '{}', 'c.md', 'h', now()
       FROM generate_series(1, ${CONCEPTS}) i`,
    `INSERT INTO "Card" (id, key, "conceptId", kind, front, back, position, "contentHash", "updatedAt")
       SELECT 'card' || i, 'card-' || i, 'k' || (1 + (i - 1) / ${CARDS_PER_CONCEPT}), 'BASIC', 'Front ' || i, 'Back', i, 'h', now()
       FROM generate_series(1, ${CONCEPTS * CARDS_PER_CONCEPT}) i`,
    `INSERT INTO "Lab" (id, key, title, summary, predictions, "contentHash", "updatedAt")
       VALUES ('bench-lab', 'bench-lab', 'Bench lab', 's', '[]', 'h', now())`,
    // 95% of the (student, card) pairs are in the collection; most in REVIEW.
    `INSERT INTO "CardState" (id, "userId", "cardId", state, due, stability, difficulty, reps, "lastReview", "updatedAt")
       SELECT 'cs' || s || '-' || c, 'bs' || s, 'card' || c, st.state::"MemoryStateName",
              st.last + make_interval(secs => st.stability * 86400), st.stability, 5, 3,
              CASE WHEN st.state = 'NEW' THEN NULL ELSE st.last END, now()
       FROM generate_series(1, ${STUDENTS}) s
       CROSS JOIN generate_series(1, ${CONCEPTS * CARDS_PER_CONCEPT}) c
       CROSS JOIN LATERAL (
         SELECT CASE WHEN r < 0.85 THEN 'REVIEW' WHEN r < 0.9 THEN 'LEARNING' WHEN r < 0.95 THEN 'RELEARNING' ELSE 'NEW' END AS state,
                0.5 + 200 * random() ^ 3 AS stability,
                '${now}'::timestamp - make_interval(secs => random() * 60 * 86400) AS last
         FROM (SELECT random() AS r, s + c AS dep) x
       ) st
       WHERE random() < 0.95`,
    // Which study days each student reviewed on. "sessions" (default): each student studies on a share of
    // days between 35% and 95%, so streaks run from days to weeks, as in a real class. "uniform": every student
    // on every day of the year, the worst case for streaks (each one is a year long). The "0 * d" keeps the
    // planner from drawing one random number per student instead of one per (student, day).
    `CREATE TEMP TABLE active AS
       SELECT s, d, (row_number() OVER (PARTITION BY s ORDER BY d) - 1)::int AS idx
       FROM generate_series(1, ${STUDENTS}) s CROSS JOIN generate_series(0, 364) d
       WHERE ${PROFILE === "uniform" ? "true" : "random() + 0 * d < 0.35 + 0.6 * ((s * 37) % 100) / 100.0"}`,
    `CREATE TEMP TABLE active_count AS SELECT s, count(*)::int AS n FROM active GROUP BY s`,
    `CREATE INDEX ON active (s, idx)`,
    `ANALYZE active`,
    `INSERT INTO "ReviewLog" (id, "clientEventId", "userId", "cardId", rating, source, "reviewedAt", "stateBefore",
                              "dueBefore", "stabilityBefore", "difficultyBefore", "elapsedDays", "lastElapsedDays",
                              "scheduledDays", "learningSteps", "dueAfter", "stabilityAfter", "difficultyAfter")
       SELECT 'rl' || i, md5(i::text)::uuid, 'bs' || ac.s, 'card' || (1 + (i::bigint * 7919) % ${CONCEPTS * CARDS_PER_CONCEPT}),
              CASE WHEN random() < 0.12 THEN 1 ELSE 3 END,
              (ARRAY['REVIEW', 'REVIEW', 'REVIEW', 'QUIZ', 'LAB'])[1 + i % 5]::"ReviewSource",
              t.at, CASE WHEN random() < 0.8 THEN 'REVIEW' ELSE 'LEARNING' END::"MemoryStateName",
              t.at, 5, 5, 3, 3, 5, 0, t.at + interval '5 days', 6, 5
       FROM generate_series(1, ${REVIEW_LOGS}) i
       JOIN active_count ac ON ac.s = 1 + i % ${STUDENTS}
       JOIN active a ON a.s = ac.s AND a.idx = (i / ${STUDENTS}) % ac.n
       CROSS JOIN LATERAL (
         SELECT '${now}'::timestamp - make_interval(days => a.d) - make_interval(secs => 3 * 3600 + random() * 3600 + i % 2) AS at
       ) t`,
    `INSERT INTO "QuizAttempt" (id, "userId", scope, mode, "conceptKeys", "questionIds", seed, "startedAt", "submittedAt", "correctCount")
       SELECT 'qa' || s || '-' || n, 'bs' || s, 'CONCEPT', 'END', '{concept-1}', '{q1,q2,q3,q4,q5}', n,
              '${now}'::timestamp - make_interval(days => n * 3), '${now}'::timestamp - make_interval(days => n * 3) + interval '5 minutes',
              floor(random() * 6)::int
       FROM generate_series(1, ${STUDENTS}) s CROSS JOIN generate_series(1, 10) n`,
    `INSERT INTO "LabRun" (id, "clientRunId", "userId", "labId", config, seed, backend, predictions, metrics, outcomes, "createdAt")
       SELECT 'lr' || s || '-' || n, md5('lab' || s || '-' || n)::uuid, 'bs' || s, 'bench-lab', '{}', n, 'wasm', '{}', '{}', '{}',
              '${now}'::timestamp - make_interval(days => n * 5)
       FROM generate_series(1, ${STUDENTS}) s CROSS JOIN generate_series(1, 4) n`,
    "ANALYZE",
  ];
  for (const sql of statements) await client.query(sql);
}

async function main(): Promise<void> {
  const database = await createBenchDatabase("bench_dashboard");
  const target = { kind: "postgres" as const, url: database.url };
  const dataClient = new pg.Client({ connectionString: target.url });
  const app = createDb(target);
  try {
    await applyMigrations(target);
    await dataClient.connect();
    const [generateMs] = await timed(() => generate(dataClient));
    const counts = (
      await dataClient.query<{ logs: number; states: number }>(
        `SELECT (SELECT count(*) FROM "ReviewLog")::int AS logs, (SELECT count(*) FROM "CardState")::int AS states`,
      )
    ).rows[0];

    setDb(app);
    const viewer: Viewer = { id: "bench-instructor", email: "instructor@bench.test", name: "Bench Instructor", role: "INSTRUCTOR" };
    const forecast = parseForecastDate("2026-03-15", NOW);
    if (!forecast.ok) throw new Error(forecast.error);
    const options = { now: NOW, forecastDate: forecast.date, forecastAt: forecast.at };

    const times: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const [ms] = await timed(() => classDashboard(viewer, "bench-class", options));
      if (i >= WARMUP) times.push(ms);
    }
    times.sort((a, b) => a - b);

    // An export is the dashboard plus CSV shaping; the median of five of each.
    const rosterTimes: number[] = [];
    const masteryTimes: number[] = [];
    let rosterBytes = 0;
    let masteryBytes = 0;
    for (let i = 0; i < 5; i++) {
      const [r, roster] = await timed(async () => rosterCsv(await classDashboard(viewer, "bench-class", options)));
      const [m, mastery] = await timed(async () => masteryCsv(await classDashboard(viewer, "bench-class", options)));
      rosterTimes.push(r);
      masteryTimes.push(m);
      rosterBytes = Buffer.byteLength(roster);
      masteryBytes = Buffer.byteLength(mastery);
    }
    rosterTimes.sort((a, b) => a - b);
    masteryTimes.sort((a, b) => a - b);

    const p95 = percentile(times, 95);
    console.log(
      JSON.stringify(
        {
          benchmark: "class dashboard",
          database: "postgresql",
          profile: PROFILE,
          data: { students: STUDENTS, concepts: CONCEPTS, cards: CONCEPTS * CARDS_PER_CONCEPT, cardStates: counts?.states, reviewLogs: counts?.logs },
          generateMs: Math.round(generateMs),
          dashboardMs: { runs: RUNS, p50: percentile(times, 50), p95, max: percentile(times, 100) },
          csvExportMs: {
            roster: percentile(rosterTimes, 50),
            mastery: percentile(masteryTimes, 50),
            rosterBytes,
            masteryBytes,
          },
          targetP95Ms: TARGET_P95_MS,
          met: p95 < TARGET_P95_MS,
        },
        null,
        2,
      ),
    );
  } finally {
    setDb(undefined);
    await app.$disconnect().catch(() => undefined);
    await dataClient.end().catch(() => undefined);
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
