// Requests the page's head starts before the SPA's code has come (issue 31; the head's script is
// src/routing/earlyData.ts): on a phone, the code takes a second or more, and a data page then
// asked for its data, and a pupil's space for the session first and its data after. Here the SPA
// takes them over: the first time its fetch asks for the same address with the same session, it
// gets the answer already on its way instead of asking again. Each is used once, and not past
// the query cache's freshness: the query cache stays the one place the data live.

/** An answer started early, and the access token it was asked with (null: without session). */
export type EarlyAnswer = { token: string | null; response: Response };

/** What the head's script leaves on `window`. `gets`: by `earlyKey`, each resolving to null when
 *  the script gave up on it (the SPA asks itself). `later`: requests to these paths whose
 *  addresses the script knows only after another answer (a search's, after its place's
 *  communes); they are in `gets` once `ready` settles. */
export type EarlyStash = {
  at: number;
  refresh?: Promise<Response>;
  gets: Record<string, Promise<EarlyAnswer | null>>;
  later?: { paths: string[]; ready: Promise<void> };
};

declare global {
  interface Window {
    __passerelleEarly?: EarlyStash;
    /** Set by the routes script when it adds the early script: settles once that has run (or
     *  could not come). The SPA waits for it before asking for what it may have asked. */
    __passerelleEarlyLoad?: Promise<unknown>;
  }
}

/** An early answer is not used after this long (the query cache's `staleTime`). */
export const EARLY_MAX_AGE_MS = 30_000;

/** The same request whatever the order of its query's parameters: path and sorted parameters. */
export function earlyKey(url: string, origin: string): string {
  const u = new URL(url, origin);
  const params = [...u.searchParams].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return u.pathname + (params.length ? `?${new URLSearchParams(params).toString()}` : "");
}

async function stash(win: Window): Promise<EarlyStash | undefined> {
  if (win.__passerelleEarlyLoad) await win.__passerelleEarlyLoad;
  const early = win.__passerelleEarly;
  if (!early) return undefined;
  if (Date.now() - early.at > EARLY_MAX_AGE_MS) {
    delete win.__passerelleEarly;
    return undefined;
  }
  return early;
}

/** The session refresh the head started (once): the SPA's first refresh waits for it. */
export async function takeEarlyRefresh(win: Window = window): Promise<Response | undefined> {
  const early = await stash(win);
  const refresh = early?.refresh;
  if (early) delete early.refresh;
  return refresh;
}

/** The answer the head asked for this GET, if any, and if asked with the token the SPA has now;
 *  undefined otherwise (the SPA fetches it). */
export async function takeEarlyGet(request: Request, token: string | null, win: Window = window): Promise<Response | undefined> {
  if (request.method !== "GET") return undefined;
  const early = await stash(win);
  if (!early) return undefined;
  const key = earlyKey(request.url, win.location.origin);
  if (!early.gets[key] && early.later?.paths.includes(new URL(request.url, win.location.origin).pathname)) await early.later.ready;
  const pending = early.gets[key];
  if (!pending) return undefined;
  delete early.gets[key];
  const answer = await pending.catch(() => null);
  return answer && answer.token === token ? answer.response : undefined;
}
