/**
 * The labs of the course, by stable key (the keys used in `content/labs.yaml` and card presets). The registry
 * (`registry.ts`) is typed against this list, so a key without a module, or a module without a key, does not
 * compile.
 */
export const LAB_KEYS = [
  "vanishing-gradients",
  "residual-shortcuts",
  "l1-vs-l2",
  "transfer-learning",
  "conv-darkroom",
  "diffusion-studio",
] as const;
export type LabKey = (typeof LAB_KEYS)[number];

/** True when `value` names a lab. */
export function isLabKey(value: string): value is LabKey {
  return (LAB_KEYS as readonly string[]).includes(value);
}
