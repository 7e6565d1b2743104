// Route-level code splitting: each screen is its own chunk, loaded when its route is opened.
// A page may also be fetched ahead of time (prefetch) when a link to it is pointed at or
// focused, or when the browser is idle after the first screen, so that the likely next screen
// opens without waiting for its code.
import { createElement, lazy, useState, type ComponentProps, type ComponentType } from "react";
import { matchPath } from "react-router-dom";
import { loadSharedQueryClient } from "../api/sharedQueryClientLoader";

const moreStyles = () => import("../styles/dsfrMore.css");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page's own props are checked where it is used
type AnyComponent = ComponentType<any>;
export type LazyPage<C extends AnyComponent> = ComponentType<ComponentProps<C>> & { preload: () => Promise<unknown> };

/** A page loaded on first use: `lazyPage(() => import("./X").then((m) => m.XPage))`. Calling
 *  `preload()` fetches its code without showing it (once: the import is kept).
 *
 *  A page whose code is already here (fetched ahead, or opened before) is drawn at once, without
 *  suspending: React's lazy components always suspend at their first drawing, and React shows what
 *  a suspended page is waiting for no sooner than 300 ms after it drew its placeholder (issue 31:
 *  the pupil's space, its data in, stayed a skeleton for those 300 ms).
 *
 *  The page is drawn inside the SPA's one query cache (api/sharedQueryClient.tsx), whose code
 *  comes with the page's: the home page, drawn without it, does not load it first (issue 31). */
export function lazyPage<C extends AnyComponent>(load: () => Promise<C>): LazyPage<C> {
  let pending: Promise<C> | null = null;
  let loaded: C | null = null;
  const preload = () => {
    // A failed download (network) is tried again at the next use. The page comes with the DSFR
    // components the first screen does not use (src/styles/dsfrMore.css, fetched once) and with
    // the query cache.
    pending ??= Promise.all([load(), moreStyles(), loadSharedQueryClient()])
      .then(([component, , shared]) => (loaded = shared.withSharedQueryClient(component) as C))
      .catch((e: unknown) => {
        pending = null;
        throw e;
      });
    return pending;
  };
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  // One choice per mount: a page drawn by its lazy component stays so (no remount once loaded).
  const page = ((props: ComponentProps<C>) => {
    const [Component] = useState<AnyComponent>(() => loaded ?? Lazy);
    return createElement(Component, props);
  }) as LazyPage<C>;
  page.preload = preload;
  return page;
}

const prefetchable: { pattern: string; preload: () => Promise<unknown> }[] = [];

/** Says which addresses a page serves, for prefetching it from links (patterns as in routes). */
export function prefetchFor(patterns: string[], page: { preload: () => Promise<unknown> }) {
  for (const pattern of patterns) prefetchable.push({ pattern, preload: page.preload });
}

/** Fetches the code of the page behind an address of this site, if it is a prefetchable one;
 *  the promise settles once it is here (or could not come), null for another address. */
export function prefetchPath(pathname: string): Promise<void> | null {
  const hit = prefetchable.find((p) => matchPath({ path: p.pattern, end: true }, pathname));
  if (!hit) return null;
  return hit.preload().then(
    () => undefined,
    () => undefined,
  );
}

/** The address of the same-site link an event happened on, if any. */
export function linkPath(target: EventTarget | null, origin: string): string | null {
  const link = target instanceof Element ? target.closest("a[href]") : null;
  if (!link) return null;
  const url = new URL(link.getAttribute("href") ?? "", origin);
  return url.origin === origin ? url.pathname : null;
}

/** Prefetches the page behind a link as soon as it is pointed at, touched or focused. */
export function startLinkPrefetch(doc: Document = document): () => void {
  const onIntent = (e: Event) => {
    const path = linkPath(e.target, doc.location.origin);
    if (path) prefetchPath(path);
  };
  const events = ["pointerover", "touchstart", "focusin"] as const;
  for (const name of events) doc.addEventListener(name, onIntent, { passive: true, capture: true });
  return () => {
    for (const name of events) doc.removeEventListener(name, onIntent, { capture: true });
  };
}

/** Prefetches the given addresses' pages once the browser has nothing else to do. */
export function prefetchWhenIdle(paths: string[]) {
  const run = () => paths.forEach(prefetchPath);
  if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(run, { timeout: 4000 });
  else window.setTimeout(run, 2000);
}
