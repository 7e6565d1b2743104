// The SPA's one query cache (./sharedQueryClient.tsx) is loaded with the first code that reads
// server state (a page, the terms prompt, the platform's status), not with the first screen's own
// code (issue 31): on the home page, TanStack Query was 11 KB of the phone's first 104 KB of script.
// This module holds no import of it: the first screen's code may use it.
import type { QueryClient } from "@tanstack/react-query";

let client: QueryClient | null = null;

/** The module of the one shared client and its provider (fetched once). */
export const loadSharedQueryClient = () => import("./sharedQueryClient");

/** Called once by ./sharedQueryClient.tsx as it is evaluated. */
export function registerSharedQueryClient(shared: QueryClient) {
  client = shared;
}

/** The shared client if its code has come; null before: then nothing has been read into it. */
export function loadedQueryClient(): QueryClient | null {
  return client;
}
