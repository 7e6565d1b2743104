// The one API layer: a typed client generated from openapi.yaml, over a fetch that adds the
// access token and, on a 401, refreshes the session once (HttpOnly cookie) before giving up.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { takeEarlyGet, takeEarlyRefresh } from "./early";
export type { components };

export type Me = components["schemas"]["MeResponse"];
export type ErrorBody = components["schemas"]["ErrorBody"];
export type Role = components["schemas"]["Role"];
export type StaffFunction = components["schemas"]["StaffFunction"];
export type TokenResponse = components["schemas"]["TokenResponse"];

type SessionListener = (token: string | null, user: Me | null) => void;

let accessToken: string | null = null;
let sessionUser: Me | null = null;
let refreshing: Promise<boolean> | null = null;
let restoring: Promise<boolean> | null = null;
const listeners = new Set<SessionListener>();

// Whether this browser holds a session (the refresh cookie is HttpOnly: the page cannot see it).
// Without one, the first screen does not ask the server to refresh a session that does not exist
// (one request less, and no refused call in the console of every visitor).
const SESSION_HINT = "passerelle.session";

function storage(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.localStorage : null;
  } catch {
    return null;
  }
}

/** False only when this browser surely has no session (never signed in, or signed out). */
export function mayHaveSession(): boolean {
  const store = storage();
  return !store || store.getItem(SESSION_HINT) === "1";
}

export function setSession(token: string | null, user: Me | null) {
  accessToken = token;
  sessionUser = user;
  try {
    if (token) storage()?.setItem(SESSION_HINT, "1");
    else storage()?.removeItem(SESSION_HINT);
  } catch {
    // Storage full or refused: the session still works, the next visit asks the server.
  }
  listeners.forEach((l) => l(token, user));
}

export function onSessionChange(listener: SessionListener) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getAccessToken() {
  return accessToken;
}

/** The signed-in person, as the last sign-in or refresh answered. */
export function getSessionUser(): Me | null {
  return sessionUser;
}

/** Restores the session of this browser once per page load (main.tsx asks before the first
 *  render; the session provider waits for the same answer). */
export function restoreSession(): Promise<boolean> {
  restoring ??= mayHaveSession() ? refreshSession() : Promise.resolve(false);
  return restoring;
}

/** Tests: the next restoreSession() asks again (a new page load). */
export function forgetRestoredSession() {
  restoring = null;
}

/** Exchanges the refresh cookie for a new access token. One refresh at a time. */
export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        // The page's head may have asked already (src/routing/earlyData.ts): its answer, once.
        const res =
          (await takeEarlyRefresh()) ??
          (await window.fetch("/api/v1/auth/refresh", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ use_cookie: true }),
            credentials: "same-origin",
          }));
        if (!res.ok) {
          setSession(null, null);
          return false;
        }
        const body = (await res.json()) as TokenResponse;
        setSession(body.access_token, body.user);
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

// When the service is saturated (opening day), it refuses at once with 503 OVERLOADED or 429
// and a short Retry-After: the request did nothing, so we wait and try again, each client at a
// slightly different time (jitter) so that they do not all come back together.
const RETRIABLE = new Set(["OVERLOADED", "RATE_LIMITED"]);
export const retryPolicy = {
  attempts: 3,
  /** Longer pauses are not waited for: the answer is shown. */
  maxRetryAfterSeconds: 10,
  random: () => Math.random(),
  sleep: (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms)),
};

/** Pause before the next try: Retry-After, doubled each time, times a random 0.5–1.5. */
export function retryDelay(retryAfter: number, attempt: number, random: () => number = retryPolicy.random): number {
  return Math.round(Math.max(1, retryAfter) * 1000 * 2 ** attempt * (0.5 + random()));
}

type BusyListener = (busy: boolean) => void;
const busyListeners = new Set<BusyListener>();
/** Tells the page when requests are waiting for the service (to say so politely). */
export function onBusyChange(listener: BusyListener) {
  busyListeners.add(listener);
  return () => {
    busyListeners.delete(listener);
  };
}

async function politeFetch(req: Request): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    // The first try may be an answer the page's head asked for with the same session (issue 31).
    const res = (attempt === 0 ? await takeEarlyGet(req, accessToken) : undefined) ?? (await window.fetch(req.clone()));
    const wait = Number(res.headers.get("Retry-After") ?? "NaN");
    const retriable = (res.status === 503 || res.status === 429) && attempt < retryPolicy.attempts && wait <= retryPolicy.maxRetryAfterSeconds;
    const code = retriable
      ? await res
          .clone()
          .json()
          .then(
            (b: Partial<ErrorBody>) => b.code,
            () => undefined,
          )
      : undefined;
    if (!code || !RETRIABLE.has(code)) {
      if (attempt > 0) busyListeners.forEach((l) => l(false));
      return res;
    }
    busyListeners.forEach((l) => l(true));
    await retryPolicy.sleep(retryDelay(wait, attempt));
  }
}

async function sessionFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  if (accessToken) input.headers.set("Authorization", `Bearer ${accessToken}`);
  const res = await politeFetch(input);
  const isAuthCall = new URL(input.url, window.location.origin).pathname.startsWith("/api/v1/auth/");
  if (res.status !== 401 || isAuthCall || !accessToken) return res;
  if (!(await refreshSession())) return res;
  retry.headers.set("Authorization", `Bearer ${accessToken}`);
  return politeFetch(retry);
}

/** A request outside the JSON client (files, CSV), through the same session fetch: token,
 *  one refresh on 401, polite retries. A refused answer throws its error body (French message). */
export async function sessionRequest(path: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(path, typeof window !== "undefined" ? window.location.origin : "http://localhost");
  let res: Response;
  try {
    res = await sessionFetch(new Request(url, { credentials: "same-origin", ...init }));
  } catch {
    throw { status: 0 };
  }
  if (!res.ok) throw { ...((await res.json().catch(() => undefined)) as object | undefined), status: res.status };
  return res;
}

/** Downloads a file (PDF, CSV) with the session. */
export async function downloadBlob(path: string): Promise<Blob> {
  return (await sessionRequest(path)).blob();
}

/** Sends a file's bytes with the session; returns the JSON answer, if any. */
export async function uploadBody<T>(path: string, method: "POST" | "PUT", body: BodyInit, contentType: string): Promise<T | undefined> {
  const res = await sessionRequest(path, { method, body, headers: { "Content-Type": contentType } });
  return (await res.json().catch(() => undefined)) as T | undefined;
}

export const api = createClient<paths>({
  baseUrl: typeof window !== "undefined" ? window.location.origin : "",
  fetch: sessionFetch,
  credentials: "same-origin",
});

/** French message for an error answer (the server already writes it for people). */
export function errorMessage(error: unknown): string {
  const body = error as Partial<ErrorBody> | undefined;
  if (body && typeof body.message === "string" && body.message) return body.message;
  return "Le service ne répond pas. Vérifiez votre connexion puis réessayez.";
}

/** Field messages of a 422, keyed by field name. */
export function fieldErrors(error: unknown): Record<string, string> {
  const body = error as Partial<ErrorBody> | undefined;
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(body?.fields ?? {})) {
    if (messages && messages.length > 0) out[field] = messages.join(" ");
  }
  return out;
}
