// The SPA's one query cache (./sharedQueryClient.tsx) is loaded with the first code that reads
// server state (a page, the terms prompt, the platform's status), not with the first screen's own
// code (issue 31): on the home page, TanStack Query was 10 of the first 104 KiB of script (brotli).
// This module holds no import of it: the first screen's code may use it.
import type { QueryClient } from "@tanstack/react-query";

let client: QueryClient | null = null;

/** The module of the one shared client and its provider (fetched once). */
export const loadSharedQueryClient = () =>
  import("./sharedQueryClient").then((shared) => {
    client = shared.queryClient;
    return shared;
  });

/** The shared client if its code has come; null before: then nothing has been read into it. */
export function loadedQueryClient(): QueryClient | null {
  return client;
}
