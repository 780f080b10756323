import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, test } from "vitest";

import { GET } from "@/app/labs/models/[folder]/[file]/route";
import { labSummarySchema } from "@/lib/labs/metrics";
import { createLabRuntime } from "@/lib/labs/runtime";
import { readBaseModel, BASE_MODELS } from "@/lib/labs/digits/load-base-model";
import type { RuntimeMessage } from "@/lib/labs/worker-protocol";

import { testTf } from "../labs/tf-backend";
import { readShippedModel, readShippedSamples } from "../labs-transfer/shipped";

/** Drives the runtime until the run ends; returns every message. */
async function runToEnd(options: Partial<Parameters<typeof createLabRuntime>[0]>, config: Record<string, unknown>) {
  const tf = await testTf();
  const messages: RuntimeMessage[] = [];
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const runtime = createLabRuntime({
    loadTf: async () => tf,
    selectBackend: async (t) => t.getBackend(),
    clock: () => performance.now(),
    post: (message) => {
      messages.push(message);
      if (message.type === "done" || message.type === "error") finish();
    },
    ...options,
  });
  await runtime.handle({ type: "start", lab: "transfer-learning", config, stepsPerChunk: 1 });
  await ended;
  runtime.dispose();
  return messages;
}

describe("the transfer-learning lab in the lab runtime", () => {
  test("streams one measurement per epoch from its loaded inputs and ends with a summary the server accepts", async () => {
    let loads = 0;
    const loadTransferInputs = async () => {
      loads++;
      return { base: readBaseModel(readShippedModel(BASE_MODELS.pretrain)), samples: await readShippedSamples() };
    };
    const messages = await runToEnd({ loadTransferInputs }, { examplesPerClass: 2, epochs: 2, seed: 3 });
    const metrics = messages.flatMap((m) => (m.type === "metrics" ? [m.update.metrics] : []));
    expect(metrics.map((m) => m.step)).toEqual([0, 1, 2]);
    expect(metrics.every((m) => m.lab === "transfer-learning")).toBe(true);
    const done = messages.find((m) => m.type === "done");
    expect(done?.type === "done" && labSummarySchema.parse(done.summary)).toMatchObject({ lab: "transfer-learning", steps: 2 });
    expect(loads).toBe(1);
  });

  test("without a way to load the pretrained model the run fails with a readable message", async () => {
    const messages = await runToEnd({}, { epochs: 1 });
    expect(messages.at(-1)).toEqual({ type: "error", message: expect.stringMatching(/pretrained model/) });
  });
});

describe("the model files route", () => {
  const call = (folder: string, file: string) => GET(new Request("http://localhost/"), { params: Promise.resolve({ folder, file }) });

  test("serves a shipped file byte for byte", async () => {
    const response = await call("digits-cnn", "weights.bin");
    expect(response.status).toBe(200);
    const expected = readFileSync(join(process.cwd(), "content", "models", "digits-cnn", "weights.bin"));
    expect(Buffer.from(await response.arrayBuffer()).equals(expected)).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
  });

  test.each([
    ["..", "package.json"],
    ["digits-cnn", "..%2Fmodel.json"],
    ["digits-cnn", "missing.json"],
    ["digits-cnn", "model.ts"],
    ["../../lib", "env.ts"],
  ])("refuses %s/%s", async (folder, file) => {
    expect((await call(folder, file)).status).toBe(404);
  });
});
