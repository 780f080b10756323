import type { ActionResult } from "@/lib/auth/handler";

/**
 * POSTs JSON to a quiz endpoint and returns the route wrapper's `{ ok, data } | { ok: false, error }`, with the
 * HTTP status. A network failure becomes an error a person can act on.
 */
export async function postQuiz<T>(url: string, body: unknown): Promise<ActionResult<T> & { status: number }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as ActionResult<T>;
    return { ...result, status: response.status };
  } catch {
    return { ok: false, error: "The server could not be reached. Check your connection and try again.", status: 0 };
  }
}
