/**
 * Reads the content tree (content/README.md) into a typed `Course`, reporting every file-level problem
 * (YAML syntax, schema, file names, missing pairs) at its file and line. Cross-item rules are in `check.ts`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { contentHash } from "./content-hash";
import type { ContentProblem, Course, CourseCard, CourseConcept, CourseLab, CourseQuestion } from "./course";
import {
  cardSchema,
  conceptFrontmatterSchema,
  conceptItemsFileSchema,
  labSchema,
  labsFileSchema,
  questionSchema,
} from "./schema";
import { issuesToProblems, parseYaml, type YamlSource } from "./yaml-source";

export interface LoadOptions {
  /**
   * The directory that reported file paths are relative to. Defaults to the parent of the content
   * directory, which is the repository root for the course itself (`<repo>/content`).
   */
  root?: string;
}

/** Keys of items that exist but failed validation, so reference checks do not also call them missing. */
export interface InvalidKeys {
  concepts: Set<string>;
  cards: Set<string>;
  labs: Set<string>;
  /** Set when a whole file of cards or labs could not be read, so no reference to one can be judged. */
  unreadable: { cards: boolean; labs: boolean };
}

export interface LoadResult {
  /** Every item that passed its schema; items that failed are left out and reported in `problems`. */
  course: Course;
  problems: ContentProblem[];
  invalidKeys: InvalidKeys;
}

/**
 * Loads `dir` (the folder holding `labs.yaml` and `concepts/`). Never throws for faulty content: problems
 * are returned beside whatever loaded. Use `checkCourse` for the full validation, including cross-references.
 */
export function loadCourse(dir: string, options: LoadOptions = {}): LoadResult {
  const contentDir = path.resolve(dir);
  const root = path.resolve(options.root ?? path.dirname(contentDir));
  const rel = (absolute: string) => path.relative(root, absolute).split(path.sep).join("/");
  const result: LoadResult = {
    course: { concepts: [], cards: [], questions: [], labs: [] },
    problems: [],
    invalidKeys: { concepts: new Set(), cards: new Set(), labs: new Set(), unreadable: { cards: false, labs: false } },
  };

  const labsPath = path.join(contentDir, "labs.yaml");
  if (existsSync(labsPath)) {
    loadLabs(readText(labsPath), rel(labsPath), result);
  } else {
    result.invalidKeys.unreadable.labs = true;
    result.problems.push({
      file: rel(labsPath),
      line: 1,
      message: 'The course has no labs.yaml; create it with a "labs:" list (see content/README.md).',
    });
  }

  const conceptsDir = path.join(contentDir, "concepts");
  if (!existsSync(conceptsDir)) {
    result.problems.push({
      file: rel(conceptsDir),
      line: 1,
      message: "The course has no concepts/ folder; create it with one <key>.md and <key>.yaml per concept.",
    });
    return result;
  }

  const markdown = new Map<string, string>();
  const yaml = new Map<string, string>();
  const entries = readdirSync(conceptsDir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name));
  for (const entry of entries) {
    const absolute = path.join(conceptsDir, entry.name);
    const extension = path.extname(entry.name);
    const base = entry.name.slice(0, entry.name.length - extension.length);
    if (entry.name.startsWith(".")) continue;
    if (entry.isFile() && extension === ".md") markdown.set(base, absolute);
    else if (entry.isFile() && extension === ".yaml") yaml.set(base, absolute);
    else {
      const hint = extension === ".yml" ? `rename it to ${base}.yaml` : "move or delete it";
      result.problems.push({
        file: rel(absolute),
        line: 1,
        message: `Unexpected ${entry.isDirectory() ? "folder" : "file"} in concepts/, which holds only <key>.md and <key>.yaml files; ${hint}.`,
      });
    }
  }

  const bases = [...new Set([...markdown.keys(), ...yaml.keys()])].sort(compare);
  for (const base of bases) {
    const mdPath = markdown.get(base);
    const yamlPath = yaml.get(base);
    let conceptKey = base;
    if (mdPath !== undefined) {
      const concept = loadConcept(readText(mdPath), rel(mdPath), base, result);
      if (concept) conceptKey = concept.key;
      if (yamlPath === undefined) {
        result.problems.push({
          file: rel(mdPath),
          line: 1,
          message: `concepts/${base}.md has no concepts/${base}.yaml beside it; create it with this concept's cards and questions.`,
        });
      }
    }
    if (yamlPath !== undefined) {
      loadItems(readText(yamlPath), rel(yamlPath), conceptKey, result);
      if (mdPath === undefined) {
        result.problems.push({
          file: rel(yamlPath),
          line: 1,
          message: `concepts/${base}.yaml has no concepts/${base}.md beside it; add the concept file or move these cards and questions into an existing concept.`,
        });
      }
    }
  }
  return result;
}

function readText(file: string): string {
  return readFileSync(file, "utf8").replace(/^\uFEFF/, "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function loadConcept(text: string, file: string, base: string, result: LoadResult): CourseConcept | undefined {
  const { problems, invalidKeys } = result;
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trimEnd() !== "---") {
    invalidKeys.concepts.add(base);
    problems.push({
      file,
      line: 1,
      message:
        'A concept file must start with a frontmatter block: a line "---", the fields key, title, group, order, prerequisites and labs, and another "---".',
    });
    return undefined;
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trimEnd() === "---");
  if (close === -1) {
    invalidKeys.concepts.add(base);
    problems.push({
      file,
      line: 1,
      message: 'The frontmatter opened on line 1 is never closed; add a line "---" after its last field.',
    });
    return undefined;
  }

  // The frontmatter text starts on line 2 of the file.
  const parsed = parseYaml(lines.slice(1, close).join("\n"), file, 1);
  if (parsed.problems.length > 0) {
    invalidKeys.concepts.add(base);
    problems.push(...parsed.problems);
    return undefined;
  }
  const data = parsed.source.toJS() ?? {};
  const frontmatter = conceptFrontmatterSchema.safeParse(data);
  if (!frontmatter.success) {
    invalidKeys.concepts.add(base);
    const rawKey = keyOf(data);
    if (rawKey !== undefined) invalidKeys.concepts.add(rawKey);
    problems.push(...issuesToProblems(frontmatter.error.issues, parsed.source, [], "The frontmatter"));
    return undefined;
  }
  const fields = frontmatter.data;
  const fieldLines = parsed.source.fieldLines([]);
  if (fields.key !== base) {
    problems.push({
      file,
      line: fieldLines.key ?? 1,
      message: `Concept key "${fields.key}" differs from the file name ${base}.md; rename the file to ${fields.key}.md (and its .yaml), or fix the key.`,
    });
  }

  const body = lines.slice(close + 1).join("\n");
  const leading = /^\s*/.exec(body)?.[0] ?? "";
  const summaryLine = close + 2 + (leading.match(/\n/g)?.length ?? 0);
  const summary = body.trim();
  if (summary === "") {
    invalidKeys.concepts.add(fields.key);
    problems.push({
      file,
      line: close + 1,
      message: `Concept "${fields.key}" has no summary; write it in Markdown below the frontmatter.`,
    });
    return undefined;
  }
  const synced = { ...fields, summary };
  const concept: CourseConcept = {
    ...synced,
    source: { file, line: fieldLines.key ?? 1, fieldLines: { ...fieldLines, summary: summaryLine } },
    contentHash: contentHash(synced),
  };
  result.course.concepts.push(concept);
  return concept;
}

function loadItems(text: string, file: string, conceptKey: string, result: LoadResult): void {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0) {
    result.invalidKeys.unreadable.cards = true;
    result.problems.push(...parsed.problems);
    return;
  }
  const source = parsed.source;
  const shape = conceptItemsFileSchema.safeParse(source.toJS() ?? {});
  if (!shape.success) {
    result.invalidKeys.unreadable.cards = true;
    result.problems.push(...issuesToProblems(shape.error.issues, source, [], "This file"));
    return;
  }

  shape.data.cards.forEach((raw, index) => {
    const base = ["cards", index] as const;
    const parsedCard = cardSchema.safeParse(raw);
    if (!parsedCard.success) {
      const key = keyOf(raw);
      if (key !== undefined) result.invalidKeys.cards.add(key);
      result.problems.push(...issuesToProblems(parsedCard.error.issues, source, base, itemLabel("Card", raw, index)));
      return;
    }
    const synced = { ...parsedCard.data, conceptKey };
    const card: CourseCard = { ...synced, source: itemSource(source, base), contentHash: contentHash(synced) };
    result.course.cards.push(card);
  });

  shape.data.questions.forEach((raw, index) => {
    const base = ["questions", index] as const;
    const parsedQuestion = questionSchema.safeParse(raw);
    if (!parsedQuestion.success) {
      result.problems.push(
        ...issuesToProblems(parsedQuestion.error.issues, source, base, itemLabel("Question", raw, index)),
      );
      return;
    }
    const synced = { ...parsedQuestion.data, conceptKey };
    const question: CourseQuestion = { ...synced, source: itemSource(source, base), contentHash: contentHash(synced) };
    result.course.questions.push(question);
  });
}

function loadLabs(text: string, file: string, result: LoadResult): void {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0) {
    result.invalidKeys.unreadable.labs = true;
    result.problems.push(...parsed.problems);
    return;
  }
  const source = parsed.source;
  const shape = labsFileSchema.safeParse(source.toJS() ?? {});
  if (!shape.success) {
    result.invalidKeys.unreadable.labs = true;
    result.problems.push(...issuesToProblems(shape.error.issues, source, [], "labs.yaml"));
    return;
  }
  shape.data.labs.forEach((raw, index) => {
    const base = ["labs", index] as const;
    const parsedLab = labSchema.safeParse(raw);
    if (!parsedLab.success) {
      const key = keyOf(raw);
      if (key !== undefined) result.invalidKeys.labs.add(key);
      result.problems.push(...issuesToProblems(parsedLab.error.issues, source, base, itemLabel("Lab", raw, index)));
      return;
    }
    const lab: CourseLab = { ...parsedLab.data, source: itemSource(source, base), contentHash: contentHash(parsedLab.data) };
    result.course.labs.push(lab);
  });
}

function itemSource(source: YamlSource, base: readonly (string | number)[]) {
  return { file: source.file, line: source.lineOf(base), fieldLines: source.fieldLines(base) };
}

function keyOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || !("key" in raw)) return undefined;
  return typeof raw.key === "string" ? raw.key : undefined;
}

/** `Card "weight-decay-l2"`, or `Card #3` when the item has no usable key. */
function itemLabel(kind: string, raw: unknown, index: number): string {
  const key = keyOf(raw);
  return key !== undefined && key.trim() !== "" ? `${kind} "${key}"` : `${kind} #${index + 1}`;
}
