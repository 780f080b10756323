import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "@/lib/content/content-hash";
import { lineOf, type Course } from "@/lib/content/course";
import { loadCourse } from "@/lib/content/loader";
import { courseStats } from "@/lib/content/stats";
import { FIXTURES, REPO_ROOT, fixtureDir } from "./helpers";

const valid = loadCourse(fixtureDir("valid"), { root: REPO_ROOT });
const reordered = loadCourse(fixtureDir("valid-reordered"), { root: REPO_ROOT });

function find<T extends { key: string }>(items: readonly T[], key: string): T {
  const item = items.find((i) => i.key === key);
  if (!item) throw new Error(`no item ${key}`);
  return item;
}

/** The synced fields of an item: everything but where it came from and its hash. */
function syncedFields(item: object): object {
  const { source: _source, contentHash: _hash, ...fields } = item as Record<string, unknown>;
  return fields;
}

describe("loadCourse", () => {
  it("loads every item of a valid tree with no problems", () => {
    expect(valid.problems).toEqual([]);
    expect(valid.course.concepts.map((c) => c.key)).toEqual(["alpha", "beta"]);
    expect(valid.course.cards.map((c) => [c.key, c.conceptKey])).toEqual([
      ["alpha-basic", "alpha"],
      ["alpha-cloze", "alpha"],
      ["beta-cloze", "beta"],
    ]);
    expect(valid.course.questions.map((q) => [q.key, q.kind, q.conceptKey])).toEqual([
      ["alpha-q-single", "single", "alpha"],
      ["alpha-q-multiple", "multiple", "alpha"],
      ["beta-q-numeric", "numeric", "beta"],
    ]);
    expect(valid.course.labs.map((l) => [l.key, l.predictions.map((p) => p.key)])).toEqual([
      ["demo-lab", ["demo-prediction"]],
      ["other-lab", []],
    ]);
  });

  it("applies defaults and keeps the types of lab preset values", () => {
    const alpha = find(valid.course.concepts, "alpha");
    expect(alpha.prerequisites).toEqual([]);
    const card = find(valid.course.cards, "alpha-basic");
    expect(card.lab).toEqual({ key: "demo-lab", config: { depth: 20, activation: "sigmoid", relu: false } });
    const question = find(valid.course.questions, "alpha-q-single");
    if (question.kind !== "single") throw new Error("expected a single question");
    expect(question.options).toEqual([
      { text: "The first", correct: true },
      { text: "The last", correct: false },
    ]);
  });

  it("records the file (relative to the root) and 1-based line of every item and field", () => {
    const file = `${FIXTURES}/valid/concepts/alpha.yaml`;
    const card = find(valid.course.cards, "alpha-basic");
    expect(card.source).toMatchObject({ file, line: 2 });
    expect(lineOf(card.source, "front")).toBe(4);
    expect(lineOf(card.source, "lab.config.depth")).toBe(8);
    const question = find(valid.course.questions, "alpha-q-single");
    expect(question.source.line).toBe(13);
    expect(lineOf(question.source, "options.1.text")).toBe(19);
    expect(lineOf(question.source, "cards.0")).toBe(21);
    // A field that is absent resolves to its nearest ancestor.
    expect(lineOf(question.source, "options.1.correct")).toBe(19);

    const alpha = find(valid.course.concepts, "alpha");
    expect(alpha.source).toMatchObject({ file: `${FIXTURES}/valid/concepts/alpha.md`, line: 2 });
    expect(lineOf(alpha.source, "labs.0")).toBe(7);
    expect(lineOf(alpha.source, "summary")).toBe(9);
    // There the frontmatter closes on line 7 and a blank line precedes the summary.
    expect(lineOf(find(reordered.course.concepts, "alpha").source, "summary")).toBe(9);
    expect(find(valid.course.labs, "other-lab").source).toMatchObject({ file: `${FIXTURES}/valid/labs.yaml`, line: 10 });
  });

  it("hashes the synced fields only: field order, comments, trailing space and lines do not matter", () => {
    expect(reordered.problems).toEqual([]);
    const tables = ["concepts", "cards", "questions", "labs"] as const;
    for (const table of tables) {
      const items: readonly Course[typeof table][number][] = valid.course[table];
      const others: readonly Course[typeof table][number][] = reordered.course[table];
      expect(others.map((i) => i.key).sort()).toEqual(items.map((i) => i.key).sort());
      for (const item of items) {
        expect(find(others, item.key).contentHash, `${table} ${item.key}`).toBe(item.contentHash);
        expect(item.contentHash).toBe(contentHash(syncedFields(item)));
      }
    }
    // The trees differ in layout, so at least one item sits on another line.
    const moved = valid.course.cards.filter((c) => find(reordered.course.cards, c.key).source.line !== c.source.line);
    expect(moved.length).toBeGreaterThan(0);
  });

  it("changes the hash when a synced field changes", () => {
    const card = find(valid.course.cards, "alpha-basic");
    const fields = syncedFields(card);
    expect(contentHash({ ...fields, back: "Something else." })).not.toBe(card.contentHash);
    expect(contentHash({ ...fields, conceptKey: "beta" })).not.toBe(card.contentHash);
    expect(card.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("counts lab links as concept links plus cards with a preset", () => {
    // alpha links demo-lab, beta links two labs, and card alpha-basic carries a preset.
    expect(courseStats(valid.course)).toEqual({ concepts: 2, cards: 3, questions: 3, labLinks: 4 });
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined fields", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: "x" }, e: undefined })).toBe('{"a":{"c":"x","d":[3,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(JSON.parse(canonicalJson({ z: [{ y: true, x: null }] }))).toEqual({ z: [{ x: null, y: true }] });
  });
});
