import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, test } from "vitest";
import { parse } from "yaml";

import { isLabKey, parseLabConfig } from "@/lib/labs/configs";

const conceptsDir = join(process.cwd(), "content", "concepts");

interface Preset {
  readonly where: string;
  readonly key: unknown;
  readonly config: unknown;
}

/** Every card's `lab:` preset in the course. */
function coursePresets(): Preset[] {
  const files = readdirSync(conceptsDir).filter((f) => f.endsWith(".yaml"));
  return files.flatMap((file) => {
    const doc: unknown = parse(readFileSync(join(conceptsDir, file), "utf8"));
    const cards = (doc as { cards?: unknown } | null)?.cards;
    if (!Array.isArray(cards)) return [];
    return cards.flatMap((card: { key?: unknown; lab?: { key?: unknown; config?: unknown } }) =>
      card.lab ? [{ where: `${file} card ${String(card.key)}`, key: card.lab.key, config: card.lab.config }] : [],
    );
  });
}

describe("lab presets in the course", () => {
  const presets = coursePresets();

  test("the course has presets to check", () => {
    expect(presets.length).toBeGreaterThan(0);
  });

  test.each(presets.map((p) => [p.where, p] as const))("%s parses with its lab's schema", (_where, preset) => {
    expect(typeof preset.key === "string" && isLabKey(preset.key)).toBe(true);
    if (typeof preset.key !== "string" || !isLabKey(preset.key)) return;
    const result = parseLabConfig(preset.key, preset.config);
    expect(result.ok ? "ok" : result.error).toBe("ok");
  });
});
