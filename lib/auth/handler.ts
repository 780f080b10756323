import "server-only";

import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";

import type { Role, Viewer } from "@/lib/db/users";
import { env } from "@/lib/env";
import { AppError, ForbiddenError, RateLimitError } from "@/lib/errors";

import { crossSiteRefusal } from "./origin";
import { type CookieJar, viewerOrThrow } from "./viewer";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** The failing half of `ActionResult`: what every refused or failed request answers with. */
export type Failure = Extract<ActionResult<never>, { ok: false }>;

/** Field messages from a zod error, keyed by the first path segment. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * The app's one mapping from a thrown error to an answer, for server actions, route handlers and the routes that
 * answer with files: a ZodError is 422 with field messages; an AppError keeps its status and message (a
 * RateLimitError adds Retry-After); anything else is logged under `context` and answered 500 with a generic
 * message, so no internal detail reaches the client.
 */
export function errorToFailure(
  error: unknown,
  context: string,
): { status: number; body: Failure; headers?: Record<string, string> } {
  if (error instanceof z.ZodError) {
    return { status: 422, body: { ok: false, error: "Some fields need fixing.", fieldErrors: fieldErrorsOf(error) } };
  }
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { ok: false, error: error.message, fieldErrors: error.fieldErrors },
      headers: error instanceof RateLimitError ? { "Retry-After": String(error.retryAfterSeconds) } : undefined,
    };
  }
  console.error(`[${context}]`, error);
  return { status: 500, body: { ok: false, error: "Something went wrong on our side. Please try again." } };
}

/** Who may call a wrapped function: any signed-in person, one role, or anyone ("public"). */
export type Access = Role | "any" | "public";

/** The viewer a wrapped function receives: always present once a sign-in is required, null only for "public". */
export type ViewerFor<A extends Access> = A extends "public" ? Viewer | null : Viewer;

interface Options<A extends Access> {
  /** Who may call it: any signed-in person (default), one role, or anyone ("public"). */
  role?: A;
  name: string;
}

/**
 * The checked viewer for `role` (401 without a session, 403 for the wrong role), or null for "public". The one
 * place the conditional type is asserted: TypeScript cannot follow a runtime check into a generic's type.
 */
async function viewerFor<A extends Access>(role: A | undefined, jar?: CookieJar): Promise<ViewerFor<A>> {
  const access: Access | undefined = role;
  if (access === "public") return null as ViewerFor<A>;
  return (await viewerOrThrow(access === "any" ? undefined : access, jar)) as ViewerFor<A>;
}

/**
 * Wraps a server action: parses its input with `schema`, checks the session, runs `fn`, and returns
 * `{ ok: true, data } | { ok: false, error, fieldErrors }`. Unknown errors are logged and shown as a generic message.
 * `fn` gets a `Viewer` unless the role is "public". (Next checks a server action's Origin against its host
 * itself, before this runs.)
 */
export function action<S extends z.ZodType, T, A extends Access = Exclude<Access, "public">>(
  schema: S,
  options: Options<A>,
  fn: (input: z.infer<S>, viewer: ViewerFor<A>) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    try {
      const viewer = await viewerFor(options.role);
      const parsed = schema.parse(input);
      return { ok: true, data: await fn(parsed, viewer) };
    } catch (error) {
      return errorToFailure(error, options.name).body;
    }
  };
}

/** Whether a request says its body is JSON: `application/json`, with or without parameters such as charset. */
export function isJsonRequest(req: Request): boolean {
  const type = req.headers.get("content-type");
  return type !== null && type.split(";", 1)[0]!.trim().toLowerCase() === "application/json";
}

/**
 * A request's JSON body. Anything but `Content-Type: application/json` is refused with 415 before the body is
 * read (a cross-site page can send a text/plain or form body without a CORS preflight, but not a JSON one);
 * a body that does not parse is a 400.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  if (!isJsonRequest(req)) {
    throw new AppError("This endpoint accepts JSON only: send the body with Content-Type: application/json.", 415);
  }
  try {
    return await req.json();
  } catch {
    throw new AppError("The request body is not valid JSON.", 400);
  }
}

/**
 * The same contract for route handlers, with HTTP statuses (400, 401, 403, 404, 409, 415, 422, 429, 500), in this
 * order: a state-changing request from another site is refused (403); then who is asking (401/403, read from the
 * request's own cookies, so the handler is a plain function of its request); then the body, JSON only (415, 400)
 * unless the route reads its input itself with `input` (a reader that needs JSON calls `readJsonBody`); then zod
 * (422) and `fn`. `fn` gets a `Viewer` unless the role is "public".
 */
export function route<S extends z.ZodType, T, C = unknown, A extends Access = Exclude<Access, "public">>(
  schema: S,
  options: Options<A> & { input?: (req: NextRequest, ctx: C) => Promise<unknown> },
  fn: (input: z.infer<S>, viewer: ViewerFor<A>, req: NextRequest) => Promise<T>,
): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req: NextRequest, ctx: C) => {
    try {
      const { AUTH_URL, NEXTAUTH_URL } = env();
      const refusal = crossSiteRefusal(req, [AUTH_URL, NEXTAUTH_URL]);
      if (refusal) throw new ForbiddenError(refusal);
      const viewer = await viewerFor(options.role, req.cookies);
      let raw: unknown;
      try {
        raw = options.input ? await options.input(req, ctx) : await readJsonBody(req);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError("The request body is not valid JSON.", 400);
      }
      const parsed = schema.parse(raw);
      return NextResponse.json({ ok: true, data: await fn(parsed, viewer, req) });
    } catch (error) {
      const { status, body, headers } = errorToFailure(error, options.name);
      return NextResponse.json(body, { status, headers });
    }
  };
}
