import type pg from "pg";

import { simulate } from "../helpers/simulate-learner";

/**
 * Bench-only data, written straight into PostgreSQL with INSERT ... SELECT generate_series (one statement per
 * table, so 400,000 logs take seconds, not minutes). Values are plausible rather than replayable: the bench
 * measures reads and writes, not scheduling correctness. Every id starts with `tag` so a run never collides
 * with another in a shared database.
 */

export interface BenchData {
  mainUserId: string;
  optimizerUserId: string;
  cards: number;
  mainLogs: number;
  otherLearners: number;
  otherLogs: number;
  optimizerLogs: number;
}

export interface BenchSizes {
  /** Cards in the main learner's collection (course cards plus generated ones). */
  cards: number;
  mainLogs: number;
  otherLearners: number;
  statesPerOther: number;
  logsPerOther: number;
  optimizerLogs: number;
}

export const DEFAULT_SIZES: BenchSizes = {
  cards: 20_000,
  mainLogs: 200_000,
  otherLearners: 200,
  statesPerOther: 300,
  logsPerOther: 1_000,
  optimizerLogs: 10_000,
};

const CARDS_PER_CONCEPT = 1_000;

// The scheduler-state columns of a ReviewLog, filled with plausible placeholder values for generated rows.
const LOG_COLUMNS = `"id", "clientEventId", "userId", "cardId", "rating", "source", "reviewedAt", "durationMs",
  "stateBefore", "dueBefore", "stabilityBefore", "difficultyBefore", "elapsedDays", "lastElapsedDays",
  "scheduledDays", "learningSteps", "dueAfter", "stabilityAfter", "difficultyAfter"`;

/**
 * Users (main learner, other learners, optimizer learner), generated cards up to `sizes.cards` live cards, the
 * main learner's collection and logs, the others' smaller histories, and a simulated 10,000-log history.
 * Expects the course to be synced already. `now` anchors every generated date.
 */
export async function generateBenchData(
  client: pg.Client,
  tag: string,
  now: Date,
  passwordHash: string,
  sizes: BenchSizes = DEFAULT_SIZES,
): Promise<BenchData> {
  const mainUserId = `${tag}_main`;
  const optimizerUserId = `${tag}_opt`;
  await client.query("SELECT setseed(0.4242)");

  // Users and their settings (defaults, UTC).
  await client.query(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "updatedAt")
     SELECT id, id || '@bench.invalid', 'Bench ' || id, $2, 'STUDENT', now()
     FROM (SELECT $1 || '_main' AS id UNION ALL SELECT $1 || '_opt'
           UNION ALL SELECT $1 || '_u' || g FROM generate_series(1, $3::int) g) ids`,
    [tag, passwordHash, sizes.otherLearners],
  );
  await client.query(
    `INSERT INTO "UserSettings" ("userId", "timezone", "updatedAt")
     SELECT "id", 'UTC', now() FROM "User" WHERE "id" LIKE $1 || '\\_%'`,
    [tag],
  );

  // Generated cards, enough to give the main learner `sizes.cards` live cards.
  const live = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Card" WHERE "retiredAt" IS NULL`);
  const extra = Math.max(0, sizes.cards - (live.rows[0]?.n ?? 0));
  const concepts = Math.ceil(extra / CARDS_PER_CONCEPT);
  await client.query(
    `INSERT INTO "Concept" ("id", "key", "title", "group", "order", "summary", "prerequisiteKeys", "labKeys",
                            "sourceFile", "contentHash", "updatedAt")
     SELECT $1 || '_c' || g, $1 || '-concept-' || g, 'Bench concept ' || g, 'Foundations', 1000 + g, '',
            '{}', '{}', 'bench', 'bench', now()
     FROM generate_series(1, $2::int) g`,
    [tag, concepts],
  );
  await client.query(
    `INSERT INTO "Card" ("id", "key", "conceptId", "kind", "front", "back", "position", "contentHash", "updatedAt")
     SELECT $1 || '_k' || g, $1 || '-card-' || g, $1 || '_c' || (1 + (g - 1) / ${CARDS_PER_CONCEPT}), 'BASIC',
            'Bench question ' || g || ': what does $x_' || g || '$ mean?', 'Bench answer ' || g, g, 'bench', now()
     FROM generate_series(1, $2::int) g`,
    [tag, extra],
  );

  // The main learner's collection: every live card. 1 in 40 NEW, 1 in 200 LEARNING, 1 in 200 RELEARNING, the
  // rest REVIEW with stabilities log-uniform from 10 to 400 days, each at a uniform point of its interval and 2%
  // a little past it: a learner who keeps up, with about 900 reviews due today (the sum of 1 / interval) and a
  // few hundred overdue. The last review of every card is at least 30 hours old, so nothing counts against
  // today's limits yet: the queue is built at the start of a study day, its heaviest point (the due reviews
  // ranked and cut to the daily cap, the new-card allowance whole).
  await client.query(
    `INSERT INTO "CardState" ("id", "userId", "cardId", "state", "due", "stability", "difficulty", "elapsedDays",
                              "scheduledDays", "learningSteps", "reps", "lapses", "lastReview", "introducedAt", "updatedAt")
     SELECT $1 || '_s' || rn, $2, "cardId", st::"MemoryStateName",
            CASE st WHEN 'NEW' THEN $3::timestamp - interval '1 day'
                    WHEN 'REVIEW' THEN last + make_interval(secs => s * 86400)
                    ELSE $3::timestamp + make_interval(mins => (rn % 180)::int - 30) END,
            CASE st WHEN 'NEW' THEN 0 ELSE s END,
            CASE st WHEN 'NEW' THEN 0 ELSE 1 + (rn % 90) / 10.0 END,
            CASE st WHEN 'NEW' THEN 0 ELSE greatest(0, floor(s * f))::int END,
            CASE st WHEN 'REVIEW' THEN round(s)::int ELSE 0 END,
            CASE st WHEN 'LEARNING' THEN 1 ELSE 0 END,
            CASE st WHEN 'NEW' THEN 0 ELSE 10 END,
            CASE st WHEN 'RELEARNING' THEN 1 ELSE 0 END,
            CASE st WHEN 'NEW' THEN NULL ELSE last END,
            $3::timestamp - interval '400 days', now()
     FROM (
       SELECT rn, "cardId", s, f,
              CASE WHEN rn % 40 = 0 THEN 'NEW' WHEN rn % 200 = 1 THEN 'LEARNING' WHEN rn % 200 = 2 THEN 'RELEARNING'
                   ELSE 'REVIEW' END AS st,
              $3::timestamp - interval '30 hours' - make_interval(secs => s * f * 86400) AS last
       FROM (SELECT row_number() OVER (ORDER BY "id") AS rn, "id" AS "cardId",
                    10 * exp(random() * ln(40)) AS s, random() * 1.02 AS f
             FROM "Card" WHERE "retiredAt" IS NULL LIMIT $4) c
     ) x`,
    [tag, mainUserId, now, sizes.cards],
  );

  // The main learner's logs: `mainLogs` spread round-robin over the studied cards, a week or more apart.
  await client.query(
    `WITH s AS (
       SELECT row_number() OVER (ORDER BY "cardId") AS rn, "cardId", coalesce("lastReview", $3::timestamp) AS last
       FROM "CardState" WHERE "userId" = $2 AND "state" <> 'NEW'
     ), n AS (SELECT count(*) AS cnt FROM s)
     INSERT INTO "ReviewLog" (${LOG_COLUMNS})
     SELECT $1 || '_l' || g, gen_random_uuid(), $2, s."cardId",
            CASE WHEN r < 0.1 THEN 1 WHEN r < 0.15 THEN 2 WHEN r < 0.9 THEN 3 ELSE 4 END,
            'REVIEW', s.last - make_interval(days => (k * (3 + s.rn % 9))::int), 4000 + (g % 9000)::int,
            CASE WHEN k >= 10 THEN 'NEW' ELSE 'REVIEW' END::"MemoryStateName", s.last, 5, 5, 7, 7, 7, 0, s.last, 6, 5
     FROM (SELECT g, (g - 1) / (SELECT cnt FROM n) AS k, 1 + (g - 1) % (SELECT cnt FROM n) AS rn, random() AS r
           FROM generate_series(1, $4::int) g) gs
     JOIN s ON s.rn = gs.rn`,
    [tag, mainUserId, now, sizes.mainLogs],
  );

  // Other learners: a slice of the cards each, and a history spread over the past year.
  await client.query(
    `INSERT INTO "CardState" ("id", "userId", "cardId", "state", "due", "stability", "difficulty", "reps",
                              "lastReview", "introducedAt", "updatedAt")
     SELECT $1 || '_s' || u || '_' || i, $1 || '_u' || u, c."id", 'REVIEW',
            $2::timestamp + make_interval(hours => ((u * 7 + i * 13) % 2000)::int - 200), 10, 5, 5,
            $2::timestamp - interval '5 days', $2::timestamp - interval '300 days', now()
     FROM generate_series(1, $3::int) u
     CROSS JOIN generate_series(1, $4::int) i
     JOIN (SELECT "id", row_number() OVER (ORDER BY "id") - 1 AS rn FROM "Card" WHERE "retiredAt" IS NULL) c
       ON c.rn = (u * 97 + i) % (SELECT count(*) FROM "Card" WHERE "retiredAt" IS NULL)`,
    [tag, now, sizes.otherLearners, sizes.statesPerOther],
  );
  await client.query(
    `INSERT INTO "ReviewLog" (${LOG_COLUMNS})
     SELECT $1 || '_l' || cs."userId" || '_' || g, gen_random_uuid(), cs."userId", cs."cardId",
            CASE WHEN random() < 0.12 THEN 1 ELSE 3 END, 'REVIEW',
            $2::timestamp - make_interval(mins => (g * 523 % 525600)::int), 5000,
            'REVIEW', $2::timestamp, 5, 5, 7, 7, 7, 0, $2::timestamp, 6, 5
     FROM (SELECT "userId", "cardId", row_number() OVER (PARTITION BY "userId" ORDER BY "cardId") AS rn
           FROM "CardState" WHERE "userId" LIKE $1 || '\\_u%') cs
     CROSS JOIN LATERAL generate_series(cs.rn, $3::int, $4::int) g`,
    [tag, now, sizes.logsPerOther, sizes.statesPerOther],
  );

  // The optimizer's learner: a simulated history (the optimizer tests' model), cut to exactly `optimizerLogs`.
  const start = new Date(now.getTime() - 400 * 86_400_000);
  const simulated = simulate("bench", 1_500, 380, start).slice(0, sizes.optimizerLogs);
  const cardIds = (
    await client.query<{ id: string }>(`SELECT "id" FROM "Card" WHERE "retiredAt" IS NULL ORDER BY "id" LIMIT 1500`)
  ).rows.map((r) => r.id);
  await client.query(
    `INSERT INTO "ReviewLog" (${LOG_COLUMNS})
     SELECT $1 || '_lo' || i, gen_random_uuid(), $2, card, rating, 'REVIEW', at, 5000,
            'REVIEW', at, 5, 5, 0, 0, 0, 0, at, 5, 5
     FROM unnest($3::text[], $4::int[], $5::timestamp[]) WITH ORDINALITY AS t(card, rating, at, i)`,
    [
      tag,
      optimizerUserId,
      simulated.map((l) => cardIds[l.card % cardIds.length]),
      simulated.map((l) => l.rating),
      simulated.map((l) => l.reviewedAt),
    ],
  );

  // What autovacuum does to a live database soon after such a load (statistics, and the visibility map that
  // lets counts over CardState read its index alone); left to autovacuum, it would start during the timed runs.
  await client.query(`VACUUM ANALYZE`);
  const count = async (sql: string, params: unknown[]) =>
    Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
  return {
    mainUserId,
    optimizerUserId,
    cards: await count(`SELECT count(*) AS n FROM "CardState" WHERE "userId" = $1`, [mainUserId]),
    mainLogs: await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = $1`, [mainUserId]),
    otherLearners: sizes.otherLearners,
    otherLogs: await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" LIKE $1 || '\\_u%'`, [tag]),
    optimizerLogs: await count(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = $1`, [optimizerUserId]),
  };
}
