import { readFile } from "node:fs/promises";
import path from "node:path";

import { NextResponse } from "next/server";

// Serves the shipped model files under content/models/ (weights, manifests, digit samples) to the labs in
// the browser, at /labs/models/<folder>/<file>. Only plain names are accepted, so no path leaves the folder.
const MODELS_DIR = path.join(process.cwd(), "content", "models");
const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const TYPES: Record<string, string> = {
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".gz": "application/octet-stream",
};

export async function GET(_req: Request, ctx: { params: Promise<{ folder: string; file: string }> }) {
  const { folder, file } = await ctx.params;
  const type = TYPES[path.extname(file)];
  if (!NAME.test(folder) || !NAME.test(file) || file.includes("..") || !type) {
    return NextResponse.json({ ok: false, error: "No such model file." }, { status: 404 });
  }
  try {
    const body = await readFile(path.join(MODELS_DIR, folder, file));
    return new NextResponse(new Uint8Array(body), {
      headers: { "content-type": type, "cache-control": "public, max-age=3600" },
    });
  } catch {
    return NextResponse.json({ ok: false, error: "No such model file." }, { status: 404 });
  }
}
