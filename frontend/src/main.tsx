import "./styles/dsfr.css";
import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, matchPath } from "react-router-dom";
import { App } from "./App";
import { mayHaveSession, restoreSession } from "./api/client";
import { loadSharedQueryClient } from "./api/sharedQueryClientLoader";
import { SessionProvider } from "./auth/session";
import { prefetchPath, startLinkPrefetch } from "./routing/lazyPage";
import { startDsfr, startDsfrOnDemand } from "./dsfr/start";
import { preloadTermsPrompt } from "./layouts/Layout";
import { PUPIL_SPACE_PATH } from "./features/pupils/space/paths";

// The DSFR's links and colour scheme now; its script when the person starts interacting, or once
// the phone is idle after the page has loaded (src/dsfr/start.ts).
startDsfr(Link);
startDsfrOnDemand();

declare module "@codegouvfr/react-dsfr/link" {
  interface RegisterLink {
    Link: typeof Link;
  }
}

// The opened address's screen is fetched at once, beside the session (not after it); the next
// ones when a link to them is pointed at or focused.
const path = window.location.pathname;
const signedInHere = mayHaveSession();
const openedPage = prefetchPath(path);
// The session of a browser that signed in here is asked for now, while the page renders (not
// after its first render); the pupil's space's data as soon as it is back. The query cache and
// these prefetches come with the page's code (its chunks, asked for by the page's head), on these
// pages only: the home page's first script holds no TanStack Query (issue 31).
const pupilSpace = matchPath(PUPIL_SPACE_PATH, path) ? Promise.all([import("./features/pupils/space/queries"), loadSharedQueryClient()]) : null;
void restoreSession().then(() =>
  pupilSpace?.then(
    ([space, shared]) => space.prefetchPupilSpace(shared.queryClient, path),
    () => undefined,
  ),
);
if (signedInHere) preloadTermsPrompt();
startLinkPrefetch();

// An offer opened from a link: its data comes beside its screen's code.
if (matchPath("/offres/:offerId", path) && !signedInHere)
  void Promise.all([import("./features/offers/detail/queries"), loadSharedQueryClient()]).then(
    ([offer, shared]) => offer.prefetchOpenedOffer(shared.queryClient, path, signedInHere),
    () => undefined,
  );
const root = document.getElementById("root");
// The first drawing waits for the opened screen's code (asked for by the page's head with the
// SPA's own, src/routing/routePreload.ts: here by then, or nearly), so that it shows that screen
// at once rather than a placeholder which React would keep at least 300 ms (issue 31).
if (root)
  void (openedPage ?? Promise.resolve()).then(() => {
    // Rendered as a transition: React works in short slices, so that the first render does not hold
    // the phone's main thread in one long task.
    const app = createRoot(root);
    startTransition(() =>
      app.render(
        <StrictMode>
          <BrowserRouter>
            <SessionProvider>
              <App />
            </SessionProvider>
          </BrowserRouter>
        </StrictMode>,
      ),
    );
  });
