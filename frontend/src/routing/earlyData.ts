// Run by the page's head, beside the SPA's code (issue 31): built as assets/early-<hash>.js by
// ./routePreload.ts, whose routes script adds it (async) on the pages with data to ask for (the
// CSP allows no inline script; the home page does not load it). On a
// phone the SPA's code takes a second or more to come and start; a data page then asked for its
// data, and a signed-in page for the session first. This script asks for them at once, beside
// the code: the session's refresh (a browser that signed in here, on an offer, the search or the
// pupil's space), the opened offer, a visitor's search (the place's commune, then the offers and
// their map). The SPA's fetch takes the answers over (src/api/early.ts): the query cache stays
// the one place the data live, and nothing else reads them. The pupil's space's six first
// requests were asked for here too until measured (Lighthouse mobile, calm machine, 3 runs twice:
// LCP 3.5 s with them, 3.5-3.6 s without): nothing gained for the most delicate part (a token
// reused before the SPA starts), so the SPA asks for them as soon as the session is back.
//
// No React, router or query library here: a few hundred bytes, bundled on their own. The
// addresses are those the SPA asks for (earlyData.test.ts checks it).
import { earlyKey, type EarlyAnswer, type EarlyStash } from "../api/early";
import { PUPIL_SPACE_PATH } from "../features/pupils/space/paths";
import { canSearch, lookupText, readSearch, resolvePlace, searchQuery, type SearchQuery } from "../features/offers/searchState";
import type { components } from "../api/schema";

type Session = { token: string; role: components["schemas"]["Role"] } | null;
type Commune = components["schemas"]["CommuneResponse"];

const SESSION_HINT = "passerelle.session";

function hasSessionHint(win: Window): boolean {
  try {
    return win.localStorage.getItem(SESSION_HINT) === "1";
  } catch {
    return true;
  }
}

const query = (path: string, params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

/** Starts the opened page's requests; returns what it left on `window` (null: nothing to start). */
export function startEarlyData(win: Window): EarlyStash | null {
  const { pathname, search, origin } = win.location;
  const offer = /^\/offres\/([0-9a-fA-F-]{36})\/?$/.exec(pathname)?.[1];
  const isSearch = /^\/offres\/?$/.test(pathname);
  const isPupilSpace = pathname === PUPIL_SPACE_PATH || pathname === `${PUPIL_SPACE_PATH}/`;
  const signedIn = hasSessionHint(win);
  // Nothing for the other pages: their session, if any, is asked for by the SPA as before.
  if (!offer && !isSearch && !(isPupilSpace && signedIn)) return null;

  const early: EarlyStash = { at: Date.now(), gets: {} };
  const fetch = win.fetch.bind(win);

  // The session: the refresh cookie exchanged once, here (the SPA's first refresh takes it over).
  let session: Promise<Session> = Promise.resolve(null);
  if (signedIn) {
    const refresh = fetch(new URL("/api/v1/auth/refresh", origin).href, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ use_cookie: true }),
      credentials: "same-origin",
    });
    early.refresh = refresh;
    session = refresh.then(
      (res) =>
        res.ok
          ? res
              .clone()
              .json()
              .then((b: components["schemas"]["TokenResponse"]) => ({ token: b.access_token, role: b.user.role }))
          : null,
      () => null,
    );
    session = session.catch(() => null);
  }

  const get = (url: string, s: Session): Promise<EarlyAnswer> =>
    fetch(new URL(url, origin).href, { credentials: "same-origin", headers: s ? { Authorization: `Bearer ${s.token}` } : {} }).then((response) => ({
      token: s?.token ?? null,
      response,
    }));
  // `then`: the request once the session (or its absence) is known; null gives the request up.
  const ask = (url: string, then: (s: Session) => Promise<EarlyAnswer | null> | null) => {
    const pending = session.then(then).catch(() => null);
    early.gets[earlyKey(url, origin)] = pending;
    return pending;
  };

  if (offer) ask(`/api/v1/offers/${offer}`, (s) => get(`/api/v1/offers/${offer}`, s));

  if (isSearch) {
    // A visitor's search around a place: the place's communes, then the search around the one
    // found. (A signed-in person's search depends on who they are: the SPA asks for it.)
    const current = readSearch(new URLSearchParams(search));
    const text = lookupText(current.place);
    if (!signedIn && canSearch(current, false) && text) {
      const communesUrl = query("/api/v1/reference/communes", { q: text, limit: 10 });
      const communes = ask(communesUrl, (s) => get(communesUrl, s));
      const found = communes.then((answer) =>
        answer?.response.ok
          ? answer.response
              .clone()
              .json()
              .then((list: Commune[]) => {
                const place = resolvePlace(current.place, list);
                return place.kind === "found" ? searchQuery(current, false, place.place) : null;
              })
          : null,
      );
      const params = (q: SearchQuery) => ({ ...q, grade_family: q.grade_family as string | undefined });
      // The addresses are known only once the communes are here: the stash gets them then, and
      // the SPA's requests to these paths wait for that (src/api/early.ts).
      const paths = ["/api/v1/offers", "/api/v1/offers/map"];
      early.later = {
        paths,
        ready: found
          .then((q) => {
            if (!q) return;
            for (const path of paths) {
              const url = query(path, params(q));
              early.gets[earlyKey(url, origin)] = get(url, null).catch(() => null);
            }
          })
          .catch(() => undefined),
      };
    }
  }

  win.__passerelleEarly = early;
  return early;
}
