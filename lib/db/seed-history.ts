import "server-only";

import { createHash } from "node:crypto";

import seedrandom from "seedrandom";

import {
  DEFAULT_SCHEDULER_SETTINGS,
  newMemoryState,
  retrievability,
  schedule,
  type MemoryState,
  type Rating,
} from "@/lib/srs";

import { db } from "./client";
import { introduceCards } from "./collection";
import { recordReviews, type ReviewEvent } from "./reviews";
import { DEMO_STUDENTS } from "./seed";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Each demo student's habits: how many Foundations concepts they study, for how many days, how many new cards
 * they start a day, and how well they remember (a multiplier on the recall probability FSRS predicts).
 * Alan studies less and forgets more, so the class dashboards have someone to worry about.
 */
interface Profile {
  /** Foundations concepts studied; the next one's cards join the collection unstudied. */
  concepts: number;
  /** Days of history, ending `idleDays` before now. */
  days: number;
  idleDays: number;
  newPerDay: number;
  memory: number;
  skipDay: number;
}
const PROFILES: Record<string, Profile> = {
  "ada@example.edu": { concepts: 4, days: 24, idleDays: 2, newPerDay: 3, memory: 1.0, skipDay: 0.08 },
  "grace@example.edu": { concepts: 3, days: 18, idleDays: 3, newPerDay: 3, memory: 0.95, skipDay: 0.15 },
  "alan@example.edu": { concepts: 2, days: 14, idleDays: 6, newPerDay: 2, memory: 0.8, skipDay: 0.35 },
};

/** A stable UUID (version-5 layout) from text, so a regenerated history has the same event ids. */
function stableUuid(text: string): string {
  const hex = createHash("sha1").update(text).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A plausible review history for one student, simulated with the scheduler itself: each study day (evening,
 * UTC) the student starts a few new cards and answers every card that has come due; whether they recall a card
 * is drawn from FSRS's predicted retrievability times their memory factor, with a seeded generator.
 */
export function simulateHistory(
  email: string,
  userId: string,
  cardIds: readonly string[],
  now: Date,
): ReviewEvent[] {
  const profile = PROFILES[email];
  if (!profile) return [];
  const random = seedrandom.alea(`demo-history:${email}`);
  const settings = DEFAULT_SCHEDULER_SETTINGS;
  const firstDay = Math.floor(now.getTime() / DAY_MS) - profile.days - profile.idleDays;
  const states = new Map<string, MemoryState>();
  const events: ReviewEvent[] = [];
  let next = 0;

  for (let day = firstDay; day < firstDay + profile.days; day++) {
    if (random() < profile.skipDay) continue;
    // Sessions start between 17:00 and 21:00 UTC; cards are answered about 20 s apart.
    let t = day * DAY_MS + (17 * 60 + Math.floor(random() * 240)) * MINUTE_MS;
    const sessionEnd = t + 3 * 3_600_000;
    for (let k = 0; k < profile.newPerDay && next < cardIds.length; k++) {
      const cardId = cardIds[next++] as string;
      states.set(cardId, newMemoryState(new Date(t)));
    }
    // Answer whatever is due, again and again through the session, so learning steps are completed.
    for (let pass = 0; pass < 8; pass++) {
      const due = [...states.entries()].filter(([, m]) => m.due.getTime() <= t).sort((a, b) => a[1].due.getTime() - b[1].due.getTime());
      if (due.length === 0) {
        const soonest = Math.min(...[...states.values()].map((m) => m.due.getTime()));
        if (soonest > sessionEnd || !Number.isFinite(soonest)) break;
        t = soonest;
        continue;
      }
      for (const [cardId, memory] of due) {
        const recallP = memory.state === "NEW" ? 0.6 : retrievability(memory, new Date(t), null) * profile.memory;
        const recalled = random() < recallP;
        const roll = random();
        const rating: Rating = !recalled ? 1 : roll < 0.15 ? 2 : roll < 0.9 ? 3 : 4;
        const reviewedAt = new Date(t);
        const { next: after } = schedule(memory, rating, reviewedAt, settings);
        states.set(cardId, after);
        events.push({
          userId,
          cardId,
          rating,
          source: "REVIEW",
          reviewedAt,
          clientEventId: stableUuid(`${email}:${cardId}:${reviewedAt.toISOString()}`),
          durationMs: 3000 + Math.floor(random() * 12_000),
        });
        t += 20_000;
      }
    }
  }
  return events.filter((e) => e.reviewedAt.getTime() < now.getTime());
}

export interface SeedHistorySummary {
  /** Students whose history was written now (those who had none). */
  students: number;
  events: number;
}

/**
 * Gives each demo student with no review logs yet a few weeks of history on the first Foundations concepts,
 * written through `recordReviews` like any other grade; the rest of those concepts' cards join the collection
 * as new cards. A second run writes nothing (students with logs are skipped; event ids are stable anyway).
 */
export async function seedDemoHistory(now: Date): Promise<SeedHistorySummary> {
  const client = db();
  const concepts = await client.concept.findMany({
    where: { group: "Foundations", retiredAt: null },
    orderBy: [{ order: "asc" }, { key: "asc" }],
    select: { key: true, cards: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true } } },
  });
  let students = 0;
  let total = 0;
  for (const { email } of DEMO_STUDENTS) {
    const profile = PROFILES[email];
    const user = await client.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, role: true } });
    if (!user || !profile) continue;
    if ((await client.reviewLog.count({ where: { userId: user.id } })) > 0) continue;
    const cardIds = concepts.slice(0, profile.concepts).flatMap((c) => c.cards.map((card) => card.id));
    const upcoming = concepts[profile.concepts]?.cards.map((card) => card.id) ?? [];
    const events = simulateHistory(email, user.id, cardIds, now);
    if (events.length > 0) {
      // Per card, events are in time order; across cards order does not matter to recordReviews.
      events.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
      await recordReviews(events, { now });
    }
    await introduceCards(user, [...cardIds, ...upcoming], now);
    students++;
    total += events.length;
  }
  return { students, events: total };
}
