// The SPA's one query cache: every page reads and writes server state through this client. It is
// not provided by main.tsx around the whole app (which would put TanStack Query in the home page's
// first script, issue 31) but around each part of the screen that reads server state: each lazy
// page (routing/lazyPage.ts), the terms prompt and the platform's status (layouts/Layout.tsx).
// All share this one client, so the cache is the same whichever page reads it.
import { QueryClientContext, QueryClientProvider } from "@tanstack/react-query";
import { createElement, useContext, type ComponentType, type ReactNode } from "react";
import { createQueryClient } from "./query";

// Imports nothing of the first screen's code (vite.config.ts, QUERY_CACHE): ./sharedQueryClientLoader
// keeps it once loaded.
export const queryClient = createQueryClient();

/** Provides the shared client, unless a client is provided already (a test's own, or an outer
 *  part of the screen's): one cache per screen. */
export function SharedQueryClientProvider({ children }: { children: ReactNode }) {
  const outer = useContext(QueryClientContext);
  if (outer) return children;
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

const wrapped = new WeakMap<ComponentType<never>, ComponentType<never>>();

/** `Component` drawn inside the shared client's provider (the same wrapper for the same
 *  component: React keeps its state across re-renders). */
export function withSharedQueryClient<P extends object>(Component: ComponentType<P>): ComponentType<P> {
  const known = wrapped.get(Component as ComponentType<never>);
  if (known) return known as ComponentType<P>;
  const Wrapped = (props: P) => <SharedQueryClientProvider>{createElement(Component, props)}</SharedQueryClientProvider>;
  Wrapped.displayName = `WithSharedQueryClient(${Component.displayName ?? Component.name ?? "Component"})`;
  wrapped.set(Component as ComponentType<never>, Wrapped as ComponentType<never>);
  return Wrapped;
}
