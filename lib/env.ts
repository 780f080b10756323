import { z } from "zod";

const DEV_SECRET = "development-only-secret-change-me-0123456789";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    PGLITE_DIR: z.string().optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    NEXTAUTH_URL: z.url("must be the app's public URL, e.g. https://study.example.edu").optional(),
    // next-auth 5's name for the same URL; either one counts as the app's own origin for state-changing requests.
    AUTH_URL: z.url("must be the app's public URL, e.g. https://study.example.edu").optional(),
    INSTRUCTOR_INVITE_CODE: z.string().min(8, "must be at least 8 characters").optional(),
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (it signs session tokens; try: openssl rand -base64 32)",
      });
    }
  });

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string };

/** Thrown at start-up with one line per bad variable, each naming it. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the environment once; the development secret is used only outside production. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`),
    );
  }
  return { ...result.data, AUTH_SECRET: result.data.AUTH_SECRET ?? DEV_SECRET };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
