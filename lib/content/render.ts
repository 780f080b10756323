/**
 * Markdown (GFM + KaTeX math) to safe HTML for summaries, cards and questions.
 *
 * Order matters: the tree is sanitized before KaTeX runs, so raw HTML, scripts and event handlers in content
 * are stripped while KaTeX's own markup (classes, inline styles, MathML) is added afterwards and survives.
 */
import type { Element, ElementContent, Root } from "hast";
import rehypeKatex from "rehype-katex";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

/** GitHub's sanitize schema, plus the classes remark-math puts on math so rehype-katex can find it. */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [["className", /^language-./, "math-inline", "math-display"]],
  },
};

const katexOptions = { strict: "ignore" as const };

/** When the tree is one paragraph, its contents alone: card text renders inline, without a `<p>`. */
function unwrapSingleParagraph() {
  return (tree: Root) => {
    const elements = tree.children.filter(
      (node) => !(node.type === "text" && node.value.trim() === ""),
    );
    const only = elements[0];
    if (elements.length === 1 && only?.type === "element" && only.tagName === "p") {
      tree.children = (only as Element).children as ElementContent[];
    }
  };
}

const markdownProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeKatex, katexOptions)
  .use(rehypeStringify)
  .freeze();

const inlineProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeSanitize, sanitizeSchema)
  .use(unwrapSingleParagraph)
  .use(rehypeKatex, katexOptions)
  .use(rehypeStringify)
  .freeze();

/** Renders a Markdown document (a concept summary, an explanation) to sanitized HTML with typeset math. */
export function renderMarkdown(markdown: string): string {
  return String(markdownProcessor.processSync(markdown));
}

/**
 * Renders short Markdown (a card side, a prompt, an option) to sanitized HTML. A single paragraph comes
 * back without its `<p>` so it can sit inside a button or a label; longer text keeps its blocks.
 */
export function renderInline(text: string): string {
  return String(inlineProcessor.processSync(text));
}
