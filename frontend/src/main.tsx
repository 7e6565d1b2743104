import "./styles/dsfr.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link } from "react-router-dom";
import { App } from "./App";
import { createQueryClient } from "./api/query";
import { mayHaveSession, restoreSession } from "./api/client";
import { SessionProvider } from "./auth/session";
import { prefetchPath, startLinkPrefetch } from "./routing/lazyPage";
import { startDsfr, startDsfrOnDemand } from "./dsfr/start";
import { prefetchOpenedOffer } from "./features/offers/detail/queries";
import { preloadTermsPrompt } from "./layouts/Layout";
import { prefetchPupilSpace } from "./features/pupils/space/queries";

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
const openedPage = prefetchPath(window.location.pathname);
const queryClient = createQueryClient();
// The session of a browser that signed in here is asked for now, while the page renders (not
// after its first render); the pupil's space's data as soon as it is back.
void restoreSession().then(() => prefetchPupilSpace(queryClient, window.location.pathname));
if (mayHaveSession()) preloadTermsPrompt();
startLinkPrefetch();

// An offer opened from a link: its data comes beside its screen's code.
prefetchOpenedOffer(queryClient, window.location.pathname, mayHaveSession());
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
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <SessionProvider>
                <App />
              </SessionProvider>
            </BrowserRouter>
          </QueryClientProvider>
        </StrictMode>,
      ),
    );
  });
