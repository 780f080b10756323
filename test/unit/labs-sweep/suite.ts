/** One lab's sweep as a Vitest suite: a test per setting, failing on any prediction below the bar. */
import { beforeAll, describe, expect, test } from "vitest";

import type { LabKey } from "@/lib/labs/configs";
import type { Tf } from "@/lib/labs/tf";

import { testTf } from "../labs/tf-backend";
import { passes, report, sweepSeeds, sweepSetting, sweepSettings } from "./sweep";

/** Generous: a setting's seeds run one after another on one core. */
const SETTING_TIMEOUT_MS = 600_000;

export function sweepSuite(lab: LabKey): void {
  describe(`the ${lab} predictions over seeds`, () => {
    let tf: Tf;
    beforeAll(async () => {
      tf = await testTf();
    });
    const seeds = sweepSeeds();
    test.each(sweepSettings(lab).map((s) => [s.name, s] as const))(
      "at %s, every graded prediction confirms the answer its cards teach in 9 of 10 seeds",
      async (_name, setting) => {
        const { results, msPerCase } = await sweepSetting(tf, lab, setting, seeds);
        console.log(report(lab, setting, results, msPerCase));
        const failing = results.filter((r) => !passes(r)).map((r) => `${r.key}: ${r.confirmed}/${r.seeds} confirm "${r.taught}"`);
        expect(failing).toEqual([]);
      },
      SETTING_TIMEOUT_MS,
    );
  });
}
