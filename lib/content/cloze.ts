/**
 * Cloze deletions: `{{c1::answer}}` and `{{c1::answer::hint}}`. All deletions of a card are hidden together.
 *
 * The scanner balances braces and honours backslash escapes, so LaTeX inside an answer
 * (`{{c1::$\frac{a}{b}$}}`) is kept whole. A deletion may also sit inside math (`$x = {{c1::\sqrt{2}}}$`):
 * there the front uses `\text{[...]}` and the back `\boxed{...}`, so the formula still parses.
 */

export interface ClozeDeletion {
  /** The N of `cN`. */
  index: number;
  answer: string;
  hint: string | undefined;
  /** Offsets of the whole `{{cN::...}}` in the text (end exclusive). */
  start: number;
  end: number;
  /** Whether the deletion sits inside `$...$` or `$$...$$`. */
  inMath: boolean;
}

export interface ParsedCloze {
  deletions: ClozeDeletion[];
  /** Offsets of `{{cN::` openings that are never closed; they stay as literal text. */
  unclosed: number[];
}

const OPENING = /\{\{c(\d+)::/g;

/** Finds every deletion in `text`, in order. */
export function parseCloze(text: string): ParsedCloze {
  const deletions: ClozeDeletion[] = [];
  const unclosed: number[] = [];
  let from = 0;
  for (;;) {
    OPENING.lastIndex = from;
    const match = OPENING.exec(text);
    if (!match) break;
    const start = match.index;
    const bodyStart = start + match[0].length;
    const body = scanBody(text, bodyStart);
    if (!body) {
      unclosed.push(start);
      from = bodyStart;
      continue;
    }
    const raw = text.slice(bodyStart, body.close);
    const answer = body.hintAt === undefined ? raw : raw.slice(0, body.hintAt - bodyStart);
    const hint = body.hintAt === undefined ? undefined : text.slice(body.hintAt + 2, body.close);
    deletions.push({
      index: Number(match[1]),
      answer,
      hint: hint === undefined || hint.trim() === "" ? undefined : hint,
      start,
      end: body.close + 2,
      inMath: mathStateAt(text, start) !== "none",
    });
    from = body.close + 2;
  }
  return { deletions, unclosed };
}

/** Scans a deletion body from `from`: the offset of its closing `}}` and of its `::` hint separator, if any. */
function scanBody(text: string, from: number): { close: number; hintAt: number | undefined } | undefined {
  let depth = 0;
  let hintAt: number | undefined;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") {
      i++;
    } else if (char === "{") {
      depth++;
    } else if (char === "}") {
      if (depth === 0 && text[i + 1] === "}") return { close: i, hintAt };
      if (depth > 0) depth--;
    } else if (char === ":" && depth === 0 && hintAt === undefined && text[i + 1] === ":") {
      hintAt = i;
      i++;
    }
  }
  return undefined;
}

/** Whether offset `at` lies inside inline math, display math, or neither (unescaped `$` / `$$` toggles). */
function mathStateAt(text: string, at: number): "none" | "inline" | "display" {
  let state: "none" | "inline" | "display" = "none";
  for (let i = 0; i < at; i++) {
    const char = text[i];
    if (char === "\\") {
      i++;
    } else if (char === "$") {
      const double = text[i + 1] === "$";
      if (double && state !== "inline") {
        state = state === "display" ? "none" : "display";
        i++;
      } else if (state !== "display") {
        state = state === "inline" ? "none" : "inline";
      }
    }
  }
  return state;
}

function replaceDeletions(text: string, replace: (deletion: ClozeDeletion) => string): string {
  const { deletions } = parseCloze(text);
  let out = "";
  let cursor = 0;
  for (const deletion of deletions) {
    out += text.slice(cursor, deletion.start) + replace(deletion);
    cursor = deletion.end;
  }
  return out + text.slice(cursor);
}

/** The question side: every deletion becomes `[...]`, or `[hint]` when it has a hint. */
export function clozeFront(text: string): string {
  return replaceDeletions(text, (d) => {
    const label = `[${d.hint?.trim() ?? "..."}]`;
    return d.inMath ? `\\text{${label}}` : label;
  });
}

/** The answer side: every deletion shows its answer, marked in bold (or boxed inside math). */
export function clozeBack(text: string): string {
  return replaceDeletions(text, (d) => {
    const answer = d.answer.trim();
    return d.inMath ? `\\boxed{${answer}}` : `**${answer}**`;
  });
}

/** The sentence with every answer filled in and no marking: what the author wrote, minus the cloze syntax. */
export function clozePlain(text: string): string {
  return replaceDeletions(text, (d) => d.answer);
}
