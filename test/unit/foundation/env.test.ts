import { describe, expect, test } from "vitest";

import { EnvError, parseEnv } from "@/lib/env";

describe("environment validation", () => {
  test("development works with nothing set and uses the development secret", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.SIGN_IN_MAX_FAILURES).toBe(5);
  });

  test("production without AUTH_SECRET names the missing variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is required in production/);
  });

  test("a DATABASE_URL that is not PostgreSQL is named", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://root@localhost/app" })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ connection URL/,
    );
  });

  test("every bad variable is listed, one line each", () => {
    try {
      parseEnv({ NODE_ENV: "production", AUTH_SECRET: "short", INSTRUCTOR_INVITE_CODE: "abc" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems;
      expect(problems).toHaveLength(2);
      expect(problems.some((p) => p.startsWith("AUTH_SECRET"))).toBe(true);
      expect(problems.some((p) => p.startsWith("INSTRUCTOR_INVITE_CODE"))).toBe(true);
    }
  });

  test("an empty DATABASE_URL means the embedded database", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
