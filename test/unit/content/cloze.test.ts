import { describe, expect, it } from "vitest";
import { clozeBack, clozeFront, clozePlain, parseCloze } from "@/lib/content/cloze";
import { checkMath } from "@/lib/content/math";

describe("parseCloze", () => {
  it("finds deletions with their number, answer, hint and exact span", () => {
    const text = "One {{c1::Jacobian}} per layer, {{c2::shrinks::how?}} fast.";
    const { deletions, unclosed } = parseCloze(text);
    expect(unclosed).toEqual([]);
    expect(deletions.map(({ index, answer, hint, inMath }) => ({ index, answer, hint, inMath }))).toEqual([
      { index: 1, answer: "Jacobian", hint: undefined, inMath: false },
      { index: 2, answer: "shrinks", hint: "how?", inMath: false },
    ]);
    expect(deletions.map((d) => text.slice(d.start, d.end))).toEqual(["{{c1::Jacobian}}", "{{c2::shrinks::how?}}"]);
  });

  it("keeps LaTeX braces and :: inside braces as part of the answer", () => {
    const { deletions } = parseCloze("Slope {{c1::$\\frac{a}{\\sqrt{b}}$}} and {{c2::{x::y}}}.");
    expect(deletions.map((d) => [d.answer, d.hint])).toEqual([
      ["$\\frac{a}{\\sqrt{b}}$", undefined],
      ["{x::y}", undefined],
    ]);
  });

  it("leaves an unclosed deletion as text and reports where it starts", () => {
    const text = "Ends {{c1::never";
    expect(parseCloze(text)).toEqual({ deletions: [], unclosed: [5] });
    expect(clozeFront(text)).toBe(text);
  });

  it("finds no deletion in plain text", () => {
    expect(parseCloze("No {braces} here, {{not a deletion}}.").deletions).toEqual([]);
  });
});

describe("cloze sides", () => {
  const text = "Backprop multiplies one {{c1::Jacobian::a matrix}} per layer, so products {{c2::shrink}}.";

  it("hides every deletion on the front, showing the hint when there is one", () => {
    expect(clozeFront(text)).toBe("Backprop multiplies one [a matrix] per layer, so products [...].");
  });

  it("marks every answer in bold on the back", () => {
    expect(clozeBack(text)).toBe("Backprop multiplies one **Jacobian** per layer, so products **shrink**.");
  });

  it("fills in the answers without marks in the plain text", () => {
    expect(clozePlain(text)).toBe("Backprop multiplies one Jacobian per layer, so products shrink.");
  });

  it("keeps math intact when the answer is math", () => {
    const math = "The derivative of $x^2$ is {{c1::$2x$}}.";
    expect(clozeFront(math)).toBe("The derivative of $x^2$ is [...].");
    expect(clozeBack(math)).toBe("The derivative of $x^2$ is **$2x$**.");
    expect(checkMath(clozeBack(math))).toEqual([]);
  });

  it("keeps math parseable when the deletion sits inside a formula", () => {
    const inside = "Xavier: $\\operatorname{Var}(w) = {{c1::\\frac{2}{n_{in} + n_{out}}::a ratio}}$ and $$ {{c2::y}} = 1 $$";
    const front = clozeFront(inside);
    const back = clozeBack(inside);
    expect(front).toBe("Xavier: $\\operatorname{Var}(w) = \\text{[a ratio]}$ and $$ \\text{[...]} = 1 $$");
    expect(back).toBe("Xavier: $\\operatorname{Var}(w) = \\boxed{\\frac{2}{n_{in} + n_{out}}}$ and $$ \\boxed{y} = 1 $$");
    expect(checkMath(front)).toEqual([]);
    expect(checkMath(back)).toEqual([]);
  });

  it("does not treat an escaped dollar as math", () => {
    expect(clozeBack("It costs \\$5 or {{c1::more}}.")).toBe("It costs \\$5 or **more**.");
  });
});
