import { beforeAll, describe, expect, test } from "vitest";

import { checkCourse } from "@/lib/content/check";
import type { Course } from "@/lib/content/course";
import { labPredictions } from "@/lib/labs/predictions";
import { labs } from "@/lib/labs/registry";

let course: Course;
beforeAll(() => {
  const checked = checkCourse("content");
  if (!checked.course) throw new Error("the course does not load");
  course = checked.course;
});

const EXPERIMENT_LABS = Object.keys(labPredictions) as (keyof typeof labPredictions)[];

// labs.yaml links each prediction the lab code can grade to the cards it tests; a key the code does not know
// would be refused at grading time, and a prediction left out of labs.yaml would never be asked.
describe("the predictions in labs.yaml", () => {
  test.each(EXPERIMENT_LABS)("%s asks exactly the predictions its code grades, each on at least one card", (lab) => {
    const linked = course.labs.find((l) => l.key === lab)?.predictions ?? [];
    expect(linked.map((p) => p.key)).toEqual(labPredictions[lab].map((p) => p.key));
    for (const prediction of linked) expect(prediction.cards.length).toBeGreaterThan(0);
  });

  test("a card is graded by at most one prediction of a lab, so one run rates it once", () => {
    for (const lab of course.labs) {
      const cards = lab.predictions.flatMap((p) => p.cards);
      expect(new Set(cards).size, lab.key).toBe(cards.length);
    }
  });

  test("labs without graded predictions in code ask none", () => {
    for (const lab of course.labs.filter((l) => !(EXPERIMENT_LABS as string[]).includes(l.key))) {
      expect(lab.predictions, lab.key).toEqual([]);
    }
  });

  test("the course's labs are exactly the registry's modules", () => {
    expect(course.labs.map((l) => l.key).sort()).toEqual(Object.keys(labs).sort());
  });
});
