/**
 * Finds the math in a Markdown text the way the renderer does (remark-math: `$...$` inline, `$$...$$`
 * display; code spans and escaped dollars are not math) and checks that KaTeX can typeset it.
 */
import katex from "katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import { unified } from "unified";

export interface MathSpan {
  tex: string;
  display: boolean;
  /** 1-based line inside the text where the math starts. */
  line: number;
}

export interface MathError extends MathSpan {
  /** KaTeX's explanation, e.g. `Undefined control sequence: \fracc`. */
  reason: string;
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath);

interface MdNode {
  type: string;
  value?: string;
  position?: { start: { line: number } };
  children?: MdNode[];
}

/** Every math span in `markdown`, in document order. */
export function findMath(markdown: string): MathSpan[] {
  if (!markdown.includes("$")) return [];
  const spans: MathSpan[] = [];
  const visit = (node: MdNode) => {
    if ((node.type === "inlineMath" || node.type === "math") && typeof node.value === "string") {
      spans.push({ tex: node.value, display: node.type === "math", line: node.position?.start.line ?? 1 });
    }
    node.children?.forEach(visit);
  };
  visit(parser.parse(markdown) as MdNode);
  return spans;
}

/** The math spans of `markdown` that KaTeX rejects (with `throwOnError: true`), with KaTeX's reason. */
export function checkMath(markdown: string): MathError[] {
  const errors: MathError[] = [];
  for (const span of findMath(markdown)) {
    try {
      katex.renderToString(span.tex, { throwOnError: true, displayMode: span.display, strict: "ignore" });
    } catch (error) {
      const reason =
        error instanceof katex.ParseError ? error.rawMessage : error instanceof Error ? error.message : String(error);
      errors.push({ ...span, reason });
    }
  }
  return errors;
}
