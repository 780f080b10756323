import { describe, expect, it } from "vitest";
import { checkCourse } from "@/lib/content/check";
import { FIXTURES, REPO_ROOT, fixtureDir } from "./helpers";

function problemsOf(name: string) {
  return checkCourse(fixtureDir(name), { root: REPO_ROOT }).problems;
}

/** An expected problem: exact file and line, the gist of the message. */
function at(fixture: string, file: string, line: number, gist: RegExp) {
  return { file: `${FIXTURES}/${fixture}/${file}`, line, message: expect.stringMatching(gist) };
}

describe("checkCourse on fixtures", () => {
  it("finds no problem in a valid course", () => {
    const { course, problems } = checkCourse(fixtureDir("valid"), { root: REPO_ROOT });
    expect(problems).toEqual([]);
    expect(course.concepts.map((c) => c.key)).toEqual(["alpha", "beta"]);
  });

  it("reports YAML syntax errors at their line, frontmatter lines offset by the --- line", () => {
    expect(problemsOf("yaml-syntax")).toEqual([
      at("yaml-syntax", "concepts/alpha.md", 3, /^YAML syntax error: .*compact mappings.*must be quoted/),
      at("yaml-syntax", "concepts/beta.yaml", 6, /^YAML syntax error: Map keys must be unique; the same field appears twice\.$/),
    ]);
  });

  it("reports schema errors at the offending node", () => {
    expect(problemsOf("schema")).toEqual([
      at("schema", "concepts/alpha.md", 4, /field "group" must be one of: "Foundations", .* \(found "Foundation"\)/),
      at("schema", "concepts/alpha.md", 6, /^The frontmatter: field "prerequisites\.0" must be lower-case kebab-case/),
      at("schema", "concepts/alpha.yaml", 2, /^Card "alpha-basic" is missing the required field "back"\.$/),
      at("schema", "concepts/alpha.yaml", 7, /^Card "alpha-other" has an unknown field "frunt"/),
      at("schema", "concepts/alpha.yaml", 11, /field "kind" must be one of: basic, cloze \(found "flashcard"\)/),
      at("schema", "concepts/alpha.yaml", 17, /^Card "alpha-preset": field "lab\.config\.depth" must be text, a number, or true\/false\.$/),
      at("schema", "concepts/alpha.yaml", 22, /^Question "alpha-q": field "answer" must be a number, not the text "four"\.$/),
      // Question alpha-q-ok names the invalid card alpha-basic: that card is reported once, not also as unknown.
    ]);
  });

  it("reports a concept key that differs from its file name", () => {
    expect(problemsOf("file-name")).toEqual([
      at("file-name", "concepts/alpha.md", 2, /^Concept key "alfa" differs from the file name alpha\.md; rename/),
    ]);
  });

  it("reports a .md without its .yaml and a .yaml without its .md", () => {
    expect(problemsOf("missing-pair")).toEqual([
      at("missing-pair", "concepts/alpha.md", 1, /^concepts\/alpha\.md has no concepts\/alpha\.yaml/),
      at("missing-pair", "concepts/beta.yaml", 1, /^concepts\/beta\.yaml has no concepts\/beta\.md/),
    ]);
  });

  it("reports a duplicate concept key, naming the first place", () => {
    expect(problemsOf("duplicate-concept")).toEqual([
      at("duplicate-concept", "concepts/beta.md", 2, /^Concept key "alpha" differs from the file name beta\.md/),
      at(
        "duplicate-concept",
        "concepts/beta.md",
        2,
        /^Concept key "alpha" is already used at test\/fixtures\/content\/duplicate-concept\/concepts\/alpha\.md:2;/,
      ),
    ]);
  });

  it("reports duplicate card, question, lab and prediction keys, naming both places", () => {
    const first = `${FIXTURES}/duplicate-items`;
    expect(problemsOf("duplicate-items")).toEqual([
      at("duplicate-items", "concepts/beta.yaml", 6, new RegExp(`^Card key "alpha-basic" is already used at ${first}/concepts/alpha\\.yaml:2;`)),
      at("duplicate-items", "concepts/beta.yaml", 11, new RegExp(`^Question key "alpha-q" is already used at ${first}/concepts/alpha\\.yaml:7;`)),
      at("duplicate-items", "labs.yaml", 9, new RegExp(`^Lab key "demo-lab" is already used at ${first}/labs\\.yaml:2;`)),
      at("duplicate-items", "labs.yaml", 13, new RegExp(`^Prediction key "loss-drops" is already used at ${first}/labs\\.yaml:6;`)),
    ]);
  });

  it("reports an unknown prerequisite", () => {
    expect(problemsOf("unknown-prerequisite")).toEqual([
      at("unknown-prerequisite", "concepts/beta.md", 6, /^Concept "beta" lists an unknown prerequisite "gamma"/),
    ]);
  });

  it("reports unknown labs in a concept's labs and in a card's preset", () => {
    expect(problemsOf("unknown-lab")).toEqual([
      at("unknown-lab", "concepts/alpha.md", 7, /^Concept "alpha" links to an unknown lab "no-such-lab"/),
      at("unknown-lab", "concepts/alpha.yaml", 7, /^Card "alpha-basic" opens an unknown lab "missing-lab"/),
    ]);
  });

  it("reports questions and predictions that name missing cards", () => {
    expect(problemsOf("missing-card")).toEqual([
      at("missing-card", "concepts/alpha.yaml", 15, /^Question "alpha-q" tests an unknown card "alpha-gone"/),
      at("missing-card", "labs.yaml", 10, /^Prediction "loss-drops" of lab "demo-lab" tests an unknown card "ghost-card"/),
    ]);
  });

  it("reports single-choice questions without exactly one correct option", () => {
    expect(problemsOf("single-correct")).toEqual([
      at("single-correct", "concepts/alpha.yaml", 10, /^Single-choice question "alpha-q-two" has 2 correct options; mark exactly one/),
      at("single-correct", "concepts/alpha.yaml", 20, /^Single-choice question "alpha-q-none" has 0 correct options/),
    ]);
  });

  it("reports multiple-choice questions without both a correct and a wrong option", () => {
    expect(problemsOf("multiple-options")).toEqual([
      at("multiple-options", "concepts/alpha.yaml", 10, /^Multiple-choice question "alpha-q-all" has 2 correct and 0 wrong options/),
      at("multiple-options", "concepts/alpha.yaml", 18, /^Multiple-choice question "alpha-q-none" has 0 correct and 2 wrong options/),
    ]);
  });

  it("names each prerequisite cycle, starting at its smallest key", () => {
    expect(problemsOf("prerequisite-cycle")).toEqual([
      at("prerequisite-cycle", "concepts/alpha.md", 6, /^Prerequisite cycle: alpha -> beta -> gamma -> alpha;/),
      at("prerequisite-cycle", "concepts/delta.md", 6, /^Prerequisite cycle: delta -> delta;/),
    ]);
  });

  it("reports empty text: a summary, a blank card side, an empty explanation", () => {
    expect(problemsOf("empty-text")).toEqual([
      at("empty-text", "concepts/alpha.md", 8, /^Concept "alpha" has no summary/),
      at("empty-text", "concepts/alpha.yaml", 4, /^Card "alpha-basic": field "front" must not be empty\.$/),
      at("empty-text", "concepts/alpha.yaml", 18, /^Question "alpha-q": field "explanation" must not be empty\.$/),
    ]);
  });

  it("reports math KaTeX cannot parse, with KaTeX's reason, in summaries and text fields", () => {
    expect(problemsOf("broken-math")).toEqual([
      at("broken-math", "concepts/alpha.md", 11, /the math \$\\fracc\{1\}\{2\}\$ in the summary .*Undefined control sequence: \\fracc/),
      at("broken-math", "concepts/alpha.md", 13, /the math \$\$\\frac\{1\}\{2\$\$ in the summary does not parse \(KaTeX: .*expected '\}'/),
      at("broken-math", "concepts/alpha.yaml", 5, /^Card "alpha-basic": the math \$\\sqrt\{4\$ in "back" does not parse \(KaTeX: Expected '\}'/),
      at("broken-math", "concepts/alpha.yaml", 8, /^Card "alpha-cloze": .* in "text" .*Undefined control sequence: \\badmacro/),
      at("broken-math", "concepts/alpha.yaml", 14, /^Question "alpha-q": the math \$x\^\{2\$ in "options\.0\.text"/),
    ]);
  });

  it("reports cloze cards without a deletion and deletions never closed", () => {
    expect(problemsOf("cloze")).toEqual([
      at("cloze", "concepts/alpha.yaml", 4, /^Cloze card "alpha-plain" has no deletion; mark the hidden part as \{\{c1::answer\}\}/),
      at("cloze", "concepts/alpha.yaml", 7, /^Cloze card "alpha-unclosed" has a deletion "\{\{c1::Jacobian.*never closed/),
    ]);
  });

  it("reports numeric questions whose tolerance is not positive", () => {
    expect(problemsOf("numeric-tolerance")).toEqual([
      at("numeric-tolerance", "concepts/alpha.yaml", 11, /^Numeric question "alpha-q-zero" has tolerance 0; it must be greater than 0/),
      at("numeric-tolerance", "concepts/alpha.yaml", 18, /^Numeric question "alpha-q-negative" has tolerance -0\.5;/),
    ]);
  });

  it("reports a missing labs.yaml and concepts folder", () => {
    expect(problemsOf("does-not-exist")).toEqual([
      at("does-not-exist", "concepts", 1, /^The course has no concepts\/ folder/),
      at("does-not-exist", "labs.yaml", 1, /^The course has no labs\.yaml/),
    ]);
  });
});
