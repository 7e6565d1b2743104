// Unsaved changes are not lost silently. The app runs in a <BrowserRouter> (main.tsx), where
// react-router's `useBlocker` does not work (it needs a data router), so the three ways out of a
// page are each caught where they start:
// - closing or reloading the tab, or typing an address: `beforeunload` (the browser's own question);
// - a link of the app (menus, header, footer): a click listener on `document` in the capture
//   phase runs before React's listeners on the root, so the <Link> never navigates; the DSFR
//   modal asks, and "Quitter" navigates to the link's address;
// - the browser's back button: a popstate listener cannot stop the router (Chromium calls the
//   window's listeners in the order they were added, capture or not, and the router's came
//   first), so while changes are unsaved the page gets a second history entry with the same
//   address (a "sentinel", the router's state copied). Back lands on the page's own entry: the
//   router sees the same address and the page stays as it is; the modal asks; "Rester" puts
//   the sentinel back, "Quitter" goes back once more. Once saved, the sentinel is taken off.
// A button that leaves (signing out) carries `data-leaves-page`. Anything else (a select that
// changes school) calls `confirmLeave(go)`; `go(replace)` should
// replace the current entry when told to (it is the sentinel then).
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { useCallback, useEffect, useRef, type ReactNode } from "react";
import { useNavigate } from "react-router-dom";

const leaveModal = createModal({ id: "quitter-sans-enregistrer", isOpenedByDefault: false });

const SENTINEL = "passerelleLeaveGuard";
const onSentinel = () => Boolean((window.history.state as Record<string, unknown> | null)?.[SENTINEL]);
function pushSentinel() {
  if (!onSentinel()) window.history.pushState({ ...((window.history.state as object | null) ?? {}), [SENTINEL]: true }, "", window.location.href);
}

/** Whether a click on this link leaves the page inside the app (a plain left click on a link
 *  of this origin to another address). Other clicks go their way: a new tab, a download, an
 *  anchor of the page (skip links), another site (beforeunload asks then). */
export function leavesPage(e: Pick<MouseEvent, "button" | "metaKey" | "ctrlKey" | "shiftKey" | "altKey">, link: HTMLAnchorElement, here: Location): boolean {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return false;
  if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return false;
  const url = new URL(link.getAttribute("href") ?? "", here.href);
  if (url.origin !== here.origin) return false;
  return url.pathname !== here.pathname || url.search !== here.search;
}

/** Asks "Quitter sans enregistrer ?" before leaving while `dirty`. Render `modal` once in the page. */
export function useLeaveGuard(dirty: boolean, message: string): { modal: ReactNode; confirmLeave: (go: (replace: boolean) => void) => void } {
  const navigate = useNavigate();
  // What "Quitter" does, and what "Rester" does (after the back button: the sentinel again).
  const pending = useRef<{ go: (replace: boolean) => void; stay?: () => void } | null>(null);
  const returnFocus = useRef<Element | null>(null);
  // "Quitter" was chosen: the page is being left, nothing more to guard.
  const leaving = useRef(false);
  const dirtyRef = useRef(dirty);
  const navigateRef = useRef(navigate);
  useEffect(() => {
    dirtyRef.current = dirty;
    navigateRef.current = navigate;
  });

  const ask = useCallback((go: (replace: boolean) => void, stay?: () => void) => {
    pending.current = { go, stay };
    returnFocus.current = document.activeElement;
    leaveModal.open();
  }, []);

  const confirmLeave = useCallback(
    (go: (replace: boolean) => void) => {
      if (!dirtyRef.current) return go(false);
      ask(go);
    },
    [ask],
  );

  useIsModalOpen(leaveModal, {
    onConceal: () => {
      const p = pending.current;
      if (!p) return;
      // Closed without leaving ("Rester", "Fermer", Escape): back where the person was.
      pending.current = null;
      p.stay?.();
      if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
    },
  });

  useEffect(() => {
    if (!dirty) return;
    leaving.current = false;
    pushSentinel();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    const click = (e: MouseEvent) => {
      if (e.defaultPrevented || leaving.current) return;
      // A button that leaves the page (signing out) says so; "Quitter" clicks it again.
      const leaver = e.target instanceof Element ? e.target.closest("[data-leaves-page]") : null;
      if (leaver instanceof HTMLElement) {
        e.preventDefault();
        e.stopPropagation();
        ask(() => leaver.click());
        return;
      }
      const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || !leavesPage(e, link, window.location)) return;
      e.preventDefault();
      e.stopPropagation();
      const url = new URL(link.href);
      ask((replace) => navigateRef.current(url.pathname + url.search + url.hash, { replace }));
    };
    const popState = () => {
      // Back from the sentinel to the page's own entry (same address): ask.
      if (leaving.current || onSentinel()) return;
      ask(() => window.history.back(), pushSentinel);
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    window.addEventListener("popstate", popState);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
      window.removeEventListener("popstate", popState);
      // Saved or undone, still on the page: the sentinel goes (the back button works at once).
      if (!leaving.current && onSentinel()) window.history.back();
    };
  }, [dirty, ask]);

  function leave() {
    const p = pending.current;
    pending.current = null;
    leaving.current = true;
    leaveModal.close();
    // On the sentinel, the next page takes its place in the history.
    window.setTimeout(() => p?.go(onSentinel()), 0);
  }

  const modal = (
    <leaveModal.Component
      title="Quitter sans enregistrer ?"
      buttons={[
        // Staying is the safe choice: it is the main button.
        { children: "Quitter sans enregistrer", priority: "secondary", doClosesModal: false, onClick: leave },
        { children: "Rester sur la page" },
      ]}
    >
      <p>{message}</p>
    </leaveModal.Component>
  );
  return { modal, confirmLeave };
}
