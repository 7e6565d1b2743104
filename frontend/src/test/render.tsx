import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { createQueryClient } from "../api/query";
import { SessionProvider } from "../auth/session";

/** Renders a page at `path` inside the router, a fresh query cache and the session, plus a probe
 *  for redirects. */
export function renderAt(path: string, element: ReactElement, routePath = path.split("?")[0]) {
  return render(
    <QueryClientProvider client={createQueryClient({ retry: false })}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider>
          <Routes>
            <Route path={routePath} element={element} />
            <Route path="/espace" element={<p>Espace atteint</p>} />
            <Route path="/connexion" element={<p>Page de connexion</p>} />
          </Routes>
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
