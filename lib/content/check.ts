/**
 * `checkCourse`: everything `npm run content:check` reports. The loader finds file-level problems; this
 * module adds the rules that span items: unique keys, references, prerequisite cycles, answer options,
 * cloze deletions, tolerances and math.
 */
import { findPrediction } from "@/lib/labs/predictions";

import { clozePlain, parseCloze } from "./cloze";
import { lineOf, type ContentProblem, type Course, type ItemSource } from "./course";
import { loadCourse, type InvalidKeys, type LoadOptions } from "./loader";
import { checkMath } from "./math";

export interface CheckResult {
  course: Course;
  /** Sorted by file, then line. Empty when the course is ready to sync. */
  problems: ContentProblem[];
}

/** Loads the content in `dir` and reports every problem in it, at its file and line. */
export function checkCourse(dir: string, options: LoadOptions = {}): CheckResult {
  const loaded = loadCourse(dir, options);
  const problems = [...loaded.problems, ...checkLoadedCourse(loaded.course, loaded.invalidKeys)];
  return { course: loaded.course, problems: sortProblems(problems) };
}

/** Orders problems by file, then line, then message, so output is stable. */
export function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort(
    (a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const NO_INVALID_KEYS: InvalidKeys = {
  concepts: new Set(),
  cards: new Set(),
  labs: new Set(),
  unreadable: { cards: false, labs: false },
};

/**
 * The cross-item rules over an already loaded course. `invalidKeys` names items that exist but failed
 * their schema (already reported), so references to them are not reported again as unknown.
 */
export function checkLoadedCourse(course: Course, invalidKeys: InvalidKeys = NO_INVALID_KEYS): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const at = (source: ItemSource, path: string, message: string) =>
    problems.push({ file: source.file, line: lineOf(source, path), message });

  const concepts = firstByKey(course.concepts, "Concept", problems);
  const cards = firstByKey(course.cards, "Card", problems);
  firstByKey(course.questions, "Question", problems);
  const labs = firstByKey(course.labs, "Lab", problems);
  const predictions = course.labs.flatMap((lab) =>
    lab.predictions.map((prediction, index) => ({
      ...prediction,
      lab,
      index,
      source: { ...lab.source, line: lineOf(lab.source, `predictions.${index}`) },
    })),
  );
  firstByKey(predictions, "Prediction", problems);

  const knownConcept = (key: string) => concepts.has(key) || invalidKeys.concepts.has(key);
  const knownCard = (key: string) => cards.has(key) || invalidKeys.cards.has(key) || invalidKeys.unreadable.cards;
  const knownLab = (key: string) => labs.has(key) || invalidKeys.labs.has(key) || invalidKeys.unreadable.labs;

  for (const concept of course.concepts) {
    const label = `Concept "${concept.key}"`;
    concept.prerequisites.forEach((key, index) => {
      if (!knownConcept(key)) {
        at(concept.source, `prerequisites.${index}`, `${label} lists an unknown prerequisite "${key}"; no concept has this key.`);
      }
    });
    concept.labs.forEach((key, index) => {
      if (!knownLab(key)) {
        at(concept.source, `labs.${index}`, `${label} links to an unknown lab "${key}"; labs.yaml has no lab with this key.`);
      }
    });
    checkText(concept.source, label, "title", concept.title, problems);
    for (const error of checkMath(concept.summary)) {
      problems.push({
        file: concept.source.file,
        line: lineOf(concept.source, "summary") + error.line - 1,
        message: `${label}: the math ${showTex(error.tex, error.display)} in the summary does not parse (KaTeX: ${error.reason}).`,
      });
    }
  }

  for (const card of course.cards) {
    const label = `Card "${card.key}"`;
    if (card.lab && !knownLab(card.lab.key)) {
      at(card.source, "lab.key", `${label} opens an unknown lab "${card.lab.key}"; labs.yaml has no lab with this key.`);
    }
    if (card.kind === "basic") {
      checkText(card.source, label, "front", card.front, problems);
      checkText(card.source, label, "back", card.back, problems);
    } else {
      const cloze = parseCloze(card.text);
      if (cloze.deletions.length === 0 && cloze.unclosed.length === 0) {
        at(card.source, "text", `Cloze card "${card.key}" has no deletion; mark the hidden part as {{c1::answer}}.`);
      }
      for (const offset of cloze.unclosed) {
        const opening = card.text.slice(offset, offset + 24);
        at(card.source, "text", `Cloze card "${card.key}" has a deletion "${opening}..." that is never closed; end it with "}}".`);
      }
      checkText(card.source, label, "text", clozePlain(card.text), problems);
      if (card.extra !== undefined) checkText(card.source, label, "extra", card.extra, problems);
    }
  }

  for (const question of course.questions) {
    const label = `Question "${question.key}"`;
    question.cards.forEach((key, index) => {
      if (!knownCard(key)) {
        at(question.source, `cards.${index}`, `${label} tests an unknown card "${key}"; no card has this key.`);
      }
    });
    checkText(question.source, label, "prompt", question.prompt, problems);
    checkText(question.source, label, "explanation", question.explanation, problems);
    if (question.kind === "numeric") {
      if (!(question.tolerance > 0)) {
        at(
          question.source,
          "tolerance",
          `Numeric question "${question.key}" has tolerance ${question.tolerance}; it must be greater than 0 (answers within answer ± tolerance count as right).`,
        );
      }
      if (question.unit !== undefined) checkText(question.source, label, "unit", question.unit, problems);
      continue;
    }
    question.options.forEach((option, index) => {
      checkText(question.source, label, `options.${index}.text`, option.text, problems);
    });
    const correct = question.options.filter((option) => option.correct).length;
    const wrong = question.options.length - correct;
    if (question.kind === "single" && correct !== 1) {
      at(
        question.source,
        "options",
        `Single-choice question "${question.key}" has ${correct} correct options; mark exactly one with "correct: true" (or make it kind: multiple).`,
      );
    }
    if (question.kind === "multiple" && (correct === 0 || wrong === 0)) {
      at(
        question.source,
        "options",
        `Multiple-choice question "${question.key}" has ${correct} correct and ${wrong} wrong options; it needs at least one of each.`,
      );
    }
  }

  for (const lab of course.labs) {
    const label = `Lab "${lab.key}"`;
    checkText(lab.source, label, "title", lab.title, problems);
    checkText(lab.source, label, "summary", lab.summary, problems);
  }
  for (const prediction of predictions) {
    const label = `Prediction "${prediction.key}" of lab "${prediction.lab.key}"`;
    const base = `predictions.${prediction.index}`;
    prediction.cards.forEach((key, index) => {
      if (!knownCard(key)) {
        at(prediction.lab.source, `${base}.cards.${index}`, `${label} tests an unknown card "${key}"; no card has this key.`);
      }
    });
    checkText(prediction.lab.source, label, `${base}.prompt`, prediction.prompt, problems);
    // A card the lab's code grades only under some settings must be one this prediction links.
    const code = findPrediction(prediction.lab.key, prediction.key);
    for (const key of code?.conditionalCards ?? []) {
      if (!prediction.cards.includes(key)) {
        at(
          prediction.lab.source,
          `${base}.cards`,
          `${label}: the lab's code names card "${key}" in its card conditions, but the prediction does not link it; add it to cards or drop the condition.`,
        );
      }
    }
  }

  problems.push(...prerequisiteCycles(concepts));
  return problems;
}

interface Keyed {
  key: string;
  source: { file: string; line: number };
}

/** Indexes items by key (first occurrence wins) and reports every later occurrence, naming the first. */
function firstByKey<T extends Keyed>(items: readonly T[], kind: string, problems: ContentProblem[]): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const first = byKey.get(item.key);
    if (first === undefined) {
      byKey.set(item.key, item);
      continue;
    }
    problems.push({
      file: item.source.file,
      line: item.source.line,
      message: `${kind} key "${item.key}" is already used at ${first.source.file}:${first.source.line}; ${kind.toLowerCase()} keys must be unique across the course.`,
    });
  }
  return byKey;
}

/** Reports math in one text field that KaTeX cannot typeset. */
function checkText(source: ItemSource, label: string, path: string, text: string, problems: ContentProblem[]): void {
  for (const error of checkMath(text)) {
    problems.push({
      file: source.file,
      line: lineOf(source, path),
      message: `${label}: the math ${showTex(error.tex, error.display)} in "${path}" does not parse (KaTeX: ${error.reason}).`,
    });
  }
}

function showTex(tex: string, display: boolean): string {
  const flat = tex.replace(/\s+/g, " ").trim();
  const short = flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
  return display ? `$$${short}$$` : `$${short}$`;
}

/** Each prerequisite cycle once, as `a -> b -> a` starting at its smallest key, reported on its first edge. */
function prerequisiteCycles(concepts: ReadonlyMap<string, Course["concepts"][number]>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];

  const visit = (key: string) => {
    state.set(key, "active");
    stack.push(key);
    for (const next of concepts.get(key)?.prerequisites ?? []) {
      if (!concepts.has(next)) continue;
      const nextState = state.get(next);
      if (nextState === "active") {
        const cycle = stack.slice(stack.indexOf(next));
        const smallest = cycle.indexOf([...cycle].sort(compare)[0] ?? next);
        const rotated = [...cycle.slice(smallest), ...cycle.slice(0, smallest)];
        const name = [...rotated, rotated[0]].join(" -> ");
        if (seen.has(name)) continue;
        seen.add(name);
        const head = concepts.get(rotated[0] ?? next);
        if (!head) continue;
        const edge = head.prerequisites.indexOf(rotated[1] ?? head.key);
        problems.push({
          file: head.source.file,
          line: lineOf(head.source, `prerequisites.${edge}`),
          message: `Prerequisite cycle: ${name}; remove one of these prerequisites.`,
        });
      } else if (nextState === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(key, "done");
  };

  for (const key of [...concepts.keys()].sort(compare)) {
    if (!state.has(key)) visit(key);
  }
  return problems;
}
