import { describe, expect, it } from "vitest";
import { DuplicateSyncKeyError, SYNC_TABLES, planSync, type ExistingRows, type SyncItems } from "@/lib/content/sync-plan";
import { loadCourse } from "@/lib/content/loader";
import { REPO_ROOT, fixtureDir } from "./helpers";

const RETIRED = new Date("2026-03-01T08:00:00Z");
const empty = { concepts: [], cards: [], questions: [], labs: [] };

describe("planSync", () => {
  it("creates everything into an empty database", () => {
    const { course } = loadCourse(fixtureDir("valid"), { root: REPO_ROOT });
    const plan = planSync(course, empty);
    expect(plan.cards).toEqual({ create: ["alpha-basic", "alpha-cloze", "beta-cloze"], update: [], retire: [], unchanged: [] });
    expect(plan.labs.create).toEqual(["demo-lab", "other-lab"]);
    expect(plan.concepts.create).toEqual(["alpha", "beta"]);
  });

  it("leaves a course synced from the same content unchanged", () => {
    const { course } = loadCourse(fixtureDir("valid"), { root: REPO_ROOT });
    const rows: ExistingRows = {
      concepts: course.concepts.map(({ key, contentHash }) => ({ key, contentHash, retiredAt: null })),
      cards: course.cards.map(({ key, contentHash }) => ({ key, contentHash, retiredAt: null })),
      questions: course.questions.map(({ key, contentHash }) => ({ key, contentHash, retiredAt: null })),
      labs: course.labs.map(({ key, contentHash }) => ({ key, contentHash, retiredAt: null })),
    };
    const plan = planSync(course, rows);
    for (const table of SYNC_TABLES) {
      expect(plan[table].create.length + plan[table].update.length + plan[table].retire.length).toBe(0);
      expect(plan[table].unchanged).toEqual(course[table].map((i) => i.key).sort());
    }
  });

  it("updates changed and retired items, retires removed ones, and leaves retired absent ones alone", () => {
    const items: SyncItems = {
      ...empty,
      cards: [
        { key: "same", contentHash: "h1" },
        { key: "edited", contentHash: "h2-new" },
        { key: "back-again", contentHash: "h3" },
        { key: "back-and-edited", contentHash: "h4-new" },
        { key: "brand-new", contentHash: "h5" },
      ],
    };
    const existing: ExistingRows = {
      ...empty,
      cards: [
        { key: "same", contentHash: "h1", retiredAt: null },
        { key: "edited", contentHash: "h2", retiredAt: null },
        { key: "back-again", contentHash: "h3", retiredAt: RETIRED },
        { key: "back-and-edited", contentHash: "h4", retiredAt: RETIRED },
        { key: "removed", contentHash: "h6", retiredAt: null },
        { key: "long-gone", contentHash: "h7", retiredAt: RETIRED },
      ],
    };
    const plan = planSync(items, existing);
    expect(plan.cards).toEqual({
      create: ["brand-new"],
      update: ["back-again", "back-and-edited", "edited"],
      retire: ["removed"],
      unchanged: ["long-gone", "same"],
    });
    // Every key from either side lands in exactly one list.
    const listed = Object.values(plan.cards).flat().sort();
    const all = [...new Set([...items.cards, ...existing.cards].map((i) => i.key))].sort();
    expect(listed).toEqual(all);
    expect(plan.concepts).toEqual({ create: [], update: [], retire: [], unchanged: [] });
  });

  it("plans each table separately", () => {
    const plan = planSync(
      { ...empty, questions: [{ key: "k", contentHash: "a" }] },
      { ...empty, cards: [{ key: "k", contentHash: "a", retiredAt: null }] },
    );
    expect(plan.questions.create).toEqual(["k"]);
    expect(plan.cards.retire).toEqual(["k"]);
  });

  it("refuses duplicate keys on either side", () => {
    const twice = [
      { key: "k", contentHash: "a" },
      { key: "k", contentHash: "b" },
    ];
    expect(() => planSync({ ...empty, labs: twice }, empty)).toThrow(DuplicateSyncKeyError);
    expect(() =>
      planSync(empty, { ...empty, concepts: twice.map((t) => ({ ...t, retiredAt: null })) }),
    ).toThrow(/Duplicate database key "k" in concepts/);
  });
});
