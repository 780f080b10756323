import "server-only";

import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";

import type { Role, Viewer } from "@/lib/db/users";
import { AppError, RateLimitError } from "@/lib/errors";

import { viewerOrThrow } from "./viewer";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** Field messages from a zod error, keyed by the first path segment. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

function toFailure(error: unknown, context: string): { status: number; body: Extract<ActionResult<never>, { ok: false }> } {
  if (error instanceof z.ZodError) {
    return { status: 422, body: { ok: false, error: "Some fields need fixing.", fieldErrors: fieldErrorsOf(error) } };
  }
  if (error instanceof AppError) {
    return { status: error.status, body: { ok: false, error: error.message, fieldErrors: error.fieldErrors } };
  }
  console.error(`[${context}]`, error);
  return { status: 500, body: { ok: false, error: "Something went wrong on our side. Please try again." } };
}

interface Options {
  /** Who may call it: any signed-in person (default), one role, or anyone ("public"). */
  role?: Role | "any" | "public";
  name: string;
}

/**
 * Wraps a server action: parses its input with `schema`, checks the session, runs `fn`, and returns
 * `{ ok: true, data } | { ok: false, error, fieldErrors }`. Unknown errors are logged and shown as a generic message.
 */
export function action<S extends z.ZodType, T>(
  schema: S,
  options: Options,
  fn: (input: z.infer<S>, viewer: Viewer | null) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    try {
      const viewer =
        options.role === "public" ? null : await viewerOrThrow(options.role === "any" ? undefined : options.role);
      const parsed = schema.parse(input);
      return { ok: true, data: await fn(parsed, viewer) };
    } catch (error) {
      return toFailure(error, options.name).body;
    }
  };
}

/**
 * The same contract for route handlers, with HTTP statuses (422, 401, 403, 404, 409, 429, 500). The session is
 * read from the request's own cookies, so the handler is a plain function of its request.
 */
export function route<S extends z.ZodType, T, C = unknown>(
  schema: S,
  options: Options & { input?: (req: NextRequest, ctx: C) => Promise<unknown> },
  fn: (input: z.infer<S>, viewer: Viewer | null, req: NextRequest) => Promise<T>,
): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req: NextRequest, ctx: C) => {
    try {
      const viewer =
        options.role === "public"
          ? null
          : await viewerOrThrow(options.role === "any" ? undefined : options.role, req.cookies);
      let raw: unknown;
      try {
        raw = options.input ? await options.input(req, ctx) : await req.json();
      } catch {
        return NextResponse.json({ ok: false, error: "The request body is not valid JSON." }, { status: 400 });
      }
      const parsed = schema.parse(raw);
      return NextResponse.json({ ok: true, data: await fn(parsed, viewer, req) });
    } catch (error) {
      const { status, body } = toFailure(error, options.name);
      const headers = error instanceof RateLimitError ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
      return NextResponse.json(body, { status, headers });
    }
  };
}
