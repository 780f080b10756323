import { readJsonBody } from "@/lib/auth/handler";

/**
 * The JSON body of a quiz request, merged with the attempt id from the URL when there is one. Read with the
 * route wrapper's `readJsonBody`: another content type is a 415 and a body that is not JSON a 400.
 */
export async function jsonBody(req: Request, ctx?: { params?: Promise<{ attemptId?: string }> }): Promise<unknown> {
  const body = await readJsonBody(req);
  const params = ctx?.params ? await ctx.params : undefined;
  if (!params?.attemptId) return body;
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? { ...body, attemptId: params.attemptId }
    : body;
}
