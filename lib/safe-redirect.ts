/** A same-site path to return to after sign-in; anything else (absolute or protocol-relative URLs) becomes `fallback`. */
export function safeReturnPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
