/**
 * A stable fingerprint of an item's synced fields: sha256 of its canonical JSON (object keys sorted,
 * no whitespace, `undefined` fields left out). Key order in the YAML and the item's line do not change it.
 */
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth, so equal data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`canonicalJson cannot encode a ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
  return `{${entries.join(",")}}`;
}

/** sha256 (hex) of `canonicalJson(fields)`. */
export function contentHash(fields: unknown): string {
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}
