import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCourse } from "@/lib/content/check";
import { renderMarkdown } from "@/lib/content/render";
import { REPO_ROOT } from "./helpers";

describe("the course in content/", () => {
  const { course, problems } = checkCourse(path.join(REPO_ROOT, "content"), { root: REPO_ROOT });

  it("has no problems", () => {
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it("is big enough: at least 28 concepts, 150 cards and 80 questions", () => {
    expect(course.concepts.length).toBeGreaterThanOrEqual(28);
    expect(course.cards.length).toBeGreaterThanOrEqual(150);
    expect(course.questions.length).toBeGreaterThanOrEqual(80);
  });

  it("lists the six labs", () => {
    expect(course.labs.map((lab) => lab.key).sort()).toEqual(
      ["conv-darkroom", "diffusion-studio", "l1-vs-l2", "residual-shortcuts", "transfer-learning", "vanishing-gradients"].sort(),
    );
  });

  it("renders every summary without a KaTeX error", () => {
    for (const concept of course.concepts) {
      expect(renderMarkdown(concept.summary), concept.key).not.toContain("katex-error");
    }
  });
});
