"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has hydrated the page, true after. Controls that only work with
 * their JavaScript handlers use it to stay disabled until those handlers are attached, so an early click or
 * Enter is not lost (or, for a form, sent as a plain browser submission).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
