// The server state's one cache (TanStack Query): its defaults, and the two adapters between the
// generated client's `{ data, error, response }` and the cache's "return or throw".
import { QueryClient } from "@tanstack/react-query";
import type { components } from "./schema";

/** A machine code the API answers (its OpenAPI `ErrorCode`): comparing with anything else fails
 *  to compile. */
export type ErrorCode = components["schemas"]["ErrorCode"];

/** What a refused call throws: the server's error body (French `message`, per-field `fields`)
 *  plus the HTTP status (0 when the service could not be reached). */
export type ApiFailure = { status: number; code?: ErrorCode; message?: string; fields?: Record<string, string[]> };

type ClientResult<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or throws the error body: for `queryFn` and `mutationFn`. */
export async function unwrap<T>(call: Promise<ClientResult<T>>): Promise<T> {
  let result: ClientResult<T>;
  try {
    result = await call;
  } catch {
    throw { status: 0 } satisfies ApiFailure;
  }
  if (!result.response.ok) throw { ...(result.error as object | undefined), status: result.response.status } satisfies ApiFailure;
  return result.data as T;
}

export type Outcome<T> = { ok: true; data: T; error?: undefined } | { ok: false; data?: undefined; error: unknown };

/** Awaits a mutation and says how it went instead of throwing, so a form shows the error body
 *  (`errorMessage(error)`, `fieldErrors(error)`) where it stands. */
export async function attempt<T>(pending: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, data: await pending };
  } catch (error) {
    return { ok: false, error };
  }
}

const isClientError = (error: unknown) => {
  const status = (error as Partial<ApiFailure> | null)?.status ?? 0;
  return status >= 400 && status < 500;
};

export function createQueryClient(options: { retry?: boolean } = {}) {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A refusal (4xx) is an answer; a failure of the service is tried once more (the
        // session fetch already waits out 503/429 "busy" answers).
        retry: options.retry === false ? false : (count, error) => !isClientError(error) && count < 1,
      },
      mutations: { retry: false },
    },
  });
}
