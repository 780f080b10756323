import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, test, vi } from "vitest";

import type { Viewer } from "@/lib/db/users";

const state = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[], lookups: [] as string[] }));

vi.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => state.cookies }) }));
vi.mock("@/lib/db/users", () => ({
  findViewer: async (id: string): Promise<Viewer | null> => {
    state.lookups.push(id);
    return id === "user-1" ? { id, email: "ada@example.edu", name: "Ada", role: "STUDENT" } : null;
  },
}));

const { currentViewer } = await import("@/lib/auth/viewer");
const { authOptions } = await import("@/lib/auth/options");

const secret = authOptions().secret as string;
const claims = { sub: "user-1", uid: "user-1", role: "STUDENT" as const, email: "ada@example.edu", name: "Ada" };

beforeEach(() => {
  state.cookies = [];
  state.lookups = [];
});

describe("currentViewer", () => {
  test("reads the account named by a valid session cookie, fresh from the database", async () => {
    state.cookies = [{ name: "next-auth.session-token", value: await encode({ token: claims, secret }) }];
    await expect(currentViewer()).resolves.toMatchObject({ id: "user-1", role: "STUDENT" });
    expect(state.lookups).toEqual(["user-1"]);
  });

  test("is null without a cookie, and for a token sealed with another secret or expired", async () => {
    await expect(currentViewer()).resolves.toBeNull();
    state.cookies = [
      { name: "next-auth.session-token", value: await encode({ token: claims, secret: "another-secret-0123456789-abcdefghij" }) },
    ];
    await expect(currentViewer()).resolves.toBeNull();
    state.cookies = [{ name: "next-auth.session-token", value: await encode({ token: claims, secret, maxAge: -60 }) }];
    await expect(currentViewer()).resolves.toBeNull();
    expect(state.lookups).toEqual([]);
  });

  test("reassembles a token that next-auth split over several cookies", async () => {
    const token = await encode({ token: claims, secret });
    const half = Math.ceil(token.length / 2);
    state.cookies = [
      { name: "next-auth.session-token.1", value: token.slice(half) },
      { name: "next-auth.session-token.0", value: token.slice(0, half) },
    ];
    await expect(currentViewer()).resolves.toMatchObject({ id: "user-1" });
  });

  test("reads a route handler's own request cookies when it passes them", async () => {
    const token = await encode({ token: claims, secret });
    const jar = { getAll: () => [{ name: "next-auth.session-token", value: token }] };
    // The current request (cookies()) has no session; the jar passed in does.
    await expect(currentViewer(jar)).resolves.toMatchObject({ id: "user-1" });
    await expect(currentViewer({ getAll: () => [] })).resolves.toBeNull();
    expect(state.lookups).toEqual(["user-1"]);
  });

  test("is null for a deleted account even with a valid token", async () => {
    state.cookies = [{ name: "next-auth.session-token", value: await encode({ token: { ...claims, uid: "gone" }, secret }) }];
    await expect(currentViewer()).resolves.toBeNull();
    expect(state.lookups).toEqual(["gone"]);
  });
});
