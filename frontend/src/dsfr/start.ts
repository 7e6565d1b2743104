// Starts the DSFR in two steps (issue 31). At once, before the first render: react-dsfr's links
// (the router's Link) and its colour scheme (light, dark or the system's, as startReactDsfr
// does). After the first screen is painted: the DSFR's own script (dsfr.module, 111 KB), which
// only brings behaviour (modals, menus, tabs, accordions), so that a phone shows the page before
// downloading and running it.
import { setLink } from "@codegouvfr/react-dsfr/link";
import { startClientSideIsDarkLogic } from "@codegouvfr/react-dsfr/useIsDark/client";

type DsfrGlobal = { verbose: boolean; mode: string; start?: () => void };

let script: Promise<void> | null = null;

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
  (window as unknown as { dsfr: DsfrGlobal }).dsfr = { verbose: false, mode: "react" };
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
          (window as unknown as { dsfr: DsfrGlobal }).dsfr.start?.();
          resolve();
        }, 0),
      ),
  );
  return script;
}
