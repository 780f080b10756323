/**
 * The loaded course: validated items plus where each came from. Types only and a lookup helper, so client
 * code can import them without pulling in the file-system loader.
 */
import type { Card, ConceptFrontmatter, Lab, Question } from "./schema";

/** A place in the content tree: a path relative to the repository root (forward slashes) and a 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
}

/**
 * Where an item came from. `fieldLines` maps a dotted path inside the item (`front`, `options.1.text`,
 * `cards.0`, `lab.key`) to its line; a mapping entry is the line of its key, a list entry the line of the item.
 */
export interface ItemSource extends SourceLocation {
  fieldLines: Readonly<Record<string, number>>;
}

interface Sourced {
  source: ItemSource;
  /** sha256 (hex) of the canonical JSON of the fields the database stores; see `content-hash.ts`. */
  contentHash: string;
}

/** A concept: its frontmatter and the Markdown summary below it (`fieldLines.summary` is its first line). */
export type CourseConcept = ConceptFrontmatter & { summary: string } & Sourced;
export type CourseCard = Card & { conceptKey: string } & Sourced;
export type CourseQuestion = Question & { conceptKey: string } & Sourced;
export type CourseLab = Lab & Sourced;

export interface Course {
  concepts: CourseConcept[];
  cards: CourseCard[];
  questions: CourseQuestion[];
  labs: CourseLab[];
}

/** One thing a content author must fix. */
export interface ContentProblem extends SourceLocation {
  message: string;
}

/**
 * The line of `path` inside an item, falling back to the nearest enclosing field that has a line and then
 * to the item's own line (a missing field is reported where its parent is).
 */
export function lineOf(source: ItemSource, path: string): number {
  let current = path;
  while (current !== "") {
    const line = source.fieldLines[current];
    if (line !== undefined) return line;
    const dot = current.lastIndexOf(".");
    current = dot === -1 ? "" : current.slice(0, dot);
  }
  return source.line;
}
