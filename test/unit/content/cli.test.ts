import { describe, expect, it } from "vitest";
import { runContentCli } from "@/lib/cli/content";
import { loadCourse } from "@/lib/content/loader";
import { courseStats } from "@/lib/content/stats";
import { FIXTURES, REPO_ROOT, fixtureDir } from "./helpers";

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runContentCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe("content CLI", () => {
  it("check prints path:line: message per problem, sorted, then a summary, and exits 1", async () => {
    const { code, out } = await run(["check", "--dir", fixtureDir("missing-card")]);
    expect(code).toBe(1);
    expect(out).toEqual([
      expect.stringMatching(new RegExp(`^${FIXTURES}/missing-card/concepts/alpha\\.yaml:15: Question "alpha-q" tests`)),
      expect.stringMatching(new RegExp(`^${FIXTURES}/missing-card/labs\\.yaml:10: Prediction "loss-drops"`)),
      "2 problems in 2 files.",
    ]);
  });

  it("check exits 0 on a valid course", async () => {
    const { code, out } = await run(["check", `--dir=${fixtureDir("valid")}`]);
    expect(code).toBe(0);
    expect(out).toEqual(["No problems: 2 concepts, 3 cards, 3 questions, 2 labs."]);
  });

  it("stats prints exactly one line of JSON", async () => {
    const { code, out, err } = await run(["stats", "--dir", fixtureDir("valid")]);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const expected = courseStats(loadCourse(fixtureDir("valid"), { root: REPO_ROOT }).course);
    expect(out[0]).toBe(JSON.stringify(expected));
    expect(Object.keys(JSON.parse(out[0] ?? "{}"))).toEqual(["concepts", "cards", "questions", "labLinks"]);
  });

  it("rejects unknown commands and options with exit code 2", async () => {
    await expect(run(["frobnicate"])).resolves.toMatchObject({ code: 2 });
    await expect(run(["check", "--verbose"])).resolves.toMatchObject({ code: 2 });
    await expect(run([])).resolves.toMatchObject({ code: 2 });
  });
});
