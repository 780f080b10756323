/**
 * YAML with line numbers: parse a document, find the line of any path in it, and turn zod issues into
 * problems reported at the offending node.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import type { ContentProblem } from "./course";

export type YamlPath = readonly (string | number)[];

/** A parsed YAML text; `lineOffset` shifts its lines when it was cut out of a larger file (frontmatter). */
export class YamlSource {
  constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly lineOffset: number,
  ) {}

  /** The 1-based line in the file of a character offset in the parsed text. */
  lineAt(offset: number): number {
    return this.lineCounter.linePos(offset).line + this.lineOffset;
  }

  /** The document as plain data. */
  toJS(): unknown {
    return this.doc.toJS();
  }

  /** Whether `path` names a node that exists (a key present with an empty value counts). */
  has(path: YamlPath): boolean {
    return this.walk(path).found;
  }

  /**
   * The line of `path`: for a mapping entry the line of its key, for a list entry the line of the entry.
   * A path that does not exist resolves to its nearest existing ancestor.
   */
  lineOf(path: YamlPath): number {
    return this.walk(path).line;
  }

  /** Lines of every field under `path`, keyed by the dotted path relative to it (see `ItemSource`). */
  fieldLines(path: YamlPath): Record<string, number> {
    const lines: Record<string, number> = {};
    const start = this.walk(path);
    if (start.found) this.collect(start.node, "", lines);
    return lines;
  }

  private nodeLine(node: unknown, fallback: number): number {
    const range = (node as Partial<Node> | null)?.range;
    return range ? this.lineAt(range[0]) : fallback;
  }

  private walk(path: YamlPath): { found: boolean; node: unknown; line: number } {
    let node: unknown = this.doc.contents;
    let line = this.nodeLine(node, 1 + this.lineOffset);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return { found: false, node, line };
        line = this.nodeLine(pair.key, line);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
        node = node.items[segment];
        line = this.nodeLine(node, line);
      } else {
        return { found: false, node, line };
      }
    }
    return { found: true, node, line };
  }

  private collect(node: unknown, prefix: string, lines: Record<string, number>): void {
    const join = (segment: string | number) => (prefix === "" ? String(segment) : `${prefix}.${segment}`);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const path = join(String(pair.key.value));
        lines[path] = this.nodeLine(pair.key, this.nodeLine(node, 1));
        this.collect(pair.value, path, lines);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const path = join(index);
        lines[path] = this.nodeLine(item, this.nodeLine(node, 1));
        this.collect(item, path, lines);
      });
    }
  }
}

/**
 * Parses one YAML document. Syntax errors (including duplicate mapping keys) come back as problems;
 * when there are any, the caller should not trust the document's data.
 */
export function parseYaml(
  text: string,
  file: string,
  lineOffset = 0,
): { source: YamlSource; problems: ContentProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const source = new YamlSource(file, doc, lineCounter, lineOffset);
  const problems = doc.errors.map((error) => ({
    file,
    line: source.lineAt(error.pos[0]),
    message: `YAML syntax error: ${yamlErrorText(error.message)}${SYNTAX_HINTS[error.code] ?? ""}.`,
  }));
  return { source, problems };
}

/** What usually causes the parser errors authors meet most. */
const SYNTAX_HINTS: Partial<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: '; a text that contains ": " must be quoted or written as a block (">-" and the text indented below)',
  DUPLICATE_KEY: "; the same field appears twice",
  TAB_AS_INDENT: "; indent with spaces",
};

function yamlErrorText(message: string): string {
  // The parser appends a source excerpt after the first line; the line number is reported separately.
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
}

/**
 * Turns zod issues into problems. `base` is the path of the validated value inside the document;
 * `context` names it for the reader (`Card "weight-decay-l2"`, `Frontmatter`).
 */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  base: YamlPath,
  context: string,
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const issue of issues) {
    const relative = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    const path = [...base, ...relative];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({
          file: source.file,
          line: source.lineOf([...path, key]),
          message: `${context} has an unknown field "${key}"; check its spelling or remove it.`,
        });
      }
      continue;
    }
    problems.push({ file: source.file, line: source.lineOf(path), message: issueMessage(issue, source, path, relative, context) });
  }
  return problems;
}

function issueMessage(
  issue: z.core.$ZodIssue,
  source: YamlSource,
  path: YamlPath,
  relative: YamlPath,
  context: string,
): string {
  const field = `field "${relative.join(".")}"`;
  const present = source.has(path);
  const value = present ? source.doc.getIn(path) : undefined;
  if (relative.length === 0 && issue.code === "invalid_type") {
    return `${context} must be ${describeExpected(issue.expected)}, not ${describeValue(value)}.`;
  }
  switch (issue.code) {
    case "invalid_type":
      if (!present) return `${context} is missing the required ${field}.`;
      if (value === null && issue.expected === "string") return `${context}: ${field} must not be empty.`;
      return `${context}: ${field} must be ${describeExpected(issue.expected)}, not ${describeValue(value)}.`;
    case "invalid_union":
      if (issue.discriminator !== undefined) {
        const options = ("options" in issue ? (issue.options ?? []) : []).map(String).join(", ");
        if (!present) return `${context} is missing the ${field} (one of: ${options}).`;
        return `${context}: ${field} must be one of: ${options} (found ${JSON.stringify(value)}).`;
      }
      return `${context}: ${field} ${issue.message.replace(/\.$/, "")}.`;
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v)).join(", ");
      if (!present) return `${context} is missing the required ${field} (one of: ${options}).`;
      return `${context}: ${field} must be one of: ${options} (found ${JSON.stringify(value)}).`;
    }
    default:
      return `${context}: ${field} ${issue.message.replace(/\.$/, "")}.`;
  }
}

function describeExpected(expected: string): string {
  const names: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping (key: value lines)",
    record: "a mapping (key: value lines)",
  };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return `the text ${JSON.stringify(value)}`;
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `${value}`;
    case "object":
      return "a mapping";
    default:
      return typeof value;
  }
}
