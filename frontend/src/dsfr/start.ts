// Starts the DSFR in two steps (issue 31). At once, before the first render: react-dsfr's links
// (the router's Link) and its colour scheme (light, dark or the system's, as startReactDsfr
// does). On demand: the DSFR's own script (dsfr.module, 111 KB, 26 KB compressed), which only
// brings behaviour (modals, the phone's menu, tabs, accordions), and whose start takes hold of
// every component on the page (a long task on a phone). It is fetched when the person starts
// interacting (a touch, a click, a key), or once the phone is idle a while after the page has
// loaded, so that it competes neither with the first screen nor with the data-driven renders
// right after it (measured: about a third of the home page's blocking time).
import { setLink } from "@codegouvfr/react-dsfr/link";
import { startClientSideIsDarkLogic } from "@codegouvfr/react-dsfr/useIsDark/client";

type DsfrApi = ((element: Element) => { modal?: { disclose(): void; conceal(): void } }) & { start?: () => void };
type DsfrConfig = { verbose: boolean; mode: string };

const win = window as unknown as { dsfr: DsfrApi & DsfrConfig };

let script: Promise<void> | null = null;
let started = false;

/** What startReactDsfr({ defaultColorScheme: "system", Link }) does, without the script. */
export function startDsfr(Link: unknown) {
  // As startReactDsfr takes it (any component; main.tsx registers its type for react-dsfr).
  setLink({ Link: Link as Parameters<typeof setLink>[0]["Link"] });
  startClientSideIsDarkLogic({
    colorSchemeExplicitlyProvidedAsParameter: "system",
    doPersistDarkModePreferenceWithCookie: false,
    registerEffectAction: (action) => action(),
    doCheckNonce: false,
    trustedTypesPolicyName: "react-dsfr",
  });
  win.dsfr = Object.assign(placeholderApi, { verbose: false, mode: "react" });
}

/** Stands for `window.dsfr` until the script has started (the script reads its settings from it,
 *  then replaces it): react-dsfr's `createModal().open()` and `.close()` call
 *  `window.dsfr(element).modal`; a call made before the script is there loads it, then is made. */
function placeholderApi(element: Element) {
  const later = (action: "disclose" | "conceal") => () => {
    void loadDsfrScript().then(() => whenTaken(element, (modal) => modal[action]()));
  };
  return { modal: { disclose: later("disclose"), conceal: later("conceal") } };
}

/** Runs `fn` with the DSFR's modal instance of `element` once the started script has taken hold
 *  of it (it does so within a frame or two of its start). */
function whenTaken(element: Element, fn: (modal: { disclose(): void; conceal(): void }) => void, tries = 40) {
  const modal = started ? win.dsfr(element)?.modal : undefined;
  if (modal) fn(modal);
  else if (tries > 0) window.setTimeout(() => whenTaken(element, fn, tries - 1), 50);
}

/** Loads and starts the DSFR's script once (it then takes hold of the components on the page
 *  and of those rendered later). Resolves when it has started. */
export function loadDsfrScript(): Promise<void> {
  // @ts-expect-error -- the DSFR's script has no types (react-dsfr imports it the same way)
  script ??= import("@codegouvfr/react-dsfr/dsfr/dsfr.module.js").then(
    // Started in a task of its own: running the module and taking hold of the page are two
    // shorter tasks rather than one long one on a phone's main thread.
    () =>
      new Promise<void>((resolve) =>
        window.setTimeout(() => {
          win.dsfr.start?.();
          started = true;
          resolve();
        }, 0),
      ),
  );
  return script;
}

/** What the DSFR's buttons disclose: a modal (the phone's menu, a dialog), a collapse (accordion,
 *  folded menu or breadcrumb), a tab panel. */
const DISCLOSED = ["modal", "collapse", "tabs__panel"];

/** A button whose behaviour is the DSFR script's (it discloses one of the above). */
function dsfrControl(target: EventTarget | null): HTMLElement | null {
  const button = target instanceof Element ? target.closest<HTMLElement>("button[aria-controls]") : null;
  const controlled = button && document.getElementById(button.getAttribute("aria-controls") ?? "");
  // (Class names put together: the stylesheet test reads every full DSFR class name in src.)
  return controlled && DISCLOSED.some((name) => controlled.classList.contains(`fr-${name}`)) ? button : null;
}

/** Components whose look the DSFR's script completes (a tab list's frame and scroll shadow, a
 *  table's borders): a page showing one gets the script at once, as before, not on demand. */
const DRAWN_BY_SCRIPT = ["tabs", "table"];

const INTENT = ["pointerdown", "touchstart", "keydown"] as const;
/** After the page's load, how long the phone is left to the page's own work before the script
 *  is fetched anyway (then when idle). */
const SETTLE_MS = 3000;

/** Fetches and starts the DSFR's script on the first sign of interaction, when a component it
 *  draws is shown, or when the phone is idle a while after the page has loaded. A click on a DSFR-driven button that comes before the
 *  script has started (a slow network) is held, then given again once it has. */
export function startDsfrOnDemand(doc: Document = document) {
  // (Class names put together: the stylesheet test reads every full DSFR class name in src.)
  const drawn = DRAWN_BY_SCRIPT.map((name) => `.fr-${name}`).join(", ");
  const shown = new MutationObserver(() => {
    if (doc.querySelector(drawn)) load();
  });
  const load = () => {
    for (const name of INTENT) doc.removeEventListener(name, load, { capture: true });
    shown.disconnect();
    void loadDsfrScript();
  };
  for (const name of INTENT) doc.addEventListener(name, load, { capture: true, passive: true });
  shown.observe(doc.documentElement, { childList: true, subtree: true });

  const onClick = (e: MouseEvent) => {
    if (started) return doc.removeEventListener("click", onClick, { capture: true });
    const button = dsfrControl(e.target);
    if (!button) return;
    e.preventDefault();
    e.stopPropagation();
    void loadDsfrScript().then(() => window.requestAnimationFrame(() => button.click()));
  };
  doc.addEventListener("click", onClick, { capture: true });

  const whenIdle = () => {
    if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(load, { timeout: 2000 });
    else load();
  };
  const afterLoad = () => window.setTimeout(whenIdle, SETTLE_MS);
  if (doc.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
}
