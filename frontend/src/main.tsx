import "./styles/dsfr.css";
import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link } from "react-router-dom";
import { App } from "./App";
import { createQueryClient } from "./api/query";
import { SessionProvider } from "./auth/session";
import { prefetchPath, startLinkPrefetch } from "./routing/lazyPage";

startReactDsfr({ defaultColorScheme: "system", Link });

declare module "@codegouvfr/react-dsfr/spa" {
  interface RegisterLink {
    Link: typeof Link;
  }
}

// The opened address's screen is fetched at once, beside the session (not after it); the next
// ones when a link to them is pointed at or focused.
prefetchPath(window.location.pathname);
startLinkPrefetch();

const queryClient = createQueryClient();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionProvider>
            <App />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
