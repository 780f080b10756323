/**
 * The JSON body of a quiz request, merged with the attempt id from the URL when there is one. Only
 * `application/json` is read: a cross-site form cannot send that content type without a preflight.
 * Throws (a 400 from the route wrapper) for any other body.
 */
export async function jsonBody(req: Request, ctx?: { params?: Promise<{ attemptId?: string }> }): Promise<unknown> {
  if (!req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new Error("A quiz request must be JSON.");
  }
  const body: unknown = await req.json();
  const params = ctx?.params ? await ctx.params : undefined;
  if (!params?.attemptId) return body;
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? { ...body, attemptId: params.attemptId }
    : body;
}
