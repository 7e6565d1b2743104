// Unsaved changes are not lost silently. The app runs in a <BrowserRouter> (main.tsx), where
// react-router's `useBlocker` does not work (it needs a data router), so the three ways out of a
// page are each caught where they start:
// - closing or reloading the tab, or typing an address: `beforeunload` (the browser's own question);
// - a link of the app (menus, header, footer): a click listener on `document` in the capture
//   phase runs before React's listeners on the root, so the <Link> never navigates; the DSFR
//   modal asks, and "Quitter" navigates to the link's address;
// - the browser's back and forward buttons: a `popstate` listener on `window` in the capture
//   phase runs before react-router's own (at the target, capturing listeners come first), so
//   the router never sees the move; the guard goes back to the page's history entry (the
//   router's `idx` in history.state says how far), asks, and "Quitter" makes the move again.
// Anything else (a select that changes school) calls `confirmLeave(go)`.
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { useCallback, useEffect, useRef, type ReactNode } from "react";
import { useNavigate } from "react-router-dom";

const leaveModal = createModal({ id: "quitter-sans-enregistrer", isOpenedByDefault: false });

const historyIndex = (): number | undefined => {
  const state = window.history.state as { idx?: unknown } | null;
  return typeof state?.idx === "number" ? state.idx : undefined;
};

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
export function useLeaveGuard(dirty: boolean, message: string): { modal: ReactNode; confirmLeave: (go: () => void) => void } {
  const navigate = useNavigate();
  const pending = useRef<(() => void) | null>(null);
  const returnFocus = useRef<Element | null>(null);
  // "Quitter" was chosen: the move it makes again (back or forward) goes through.
  const leaving = useRef(false);

  const confirmLeave = useCallback(
    (go: () => void) => {
      if (!dirty) return go();
      pending.current = go;
      returnFocus.current = document.activeElement;
      leaveModal.open();
    },
    [dirty],
  );

  useIsModalOpen(leaveModal, {
    onConceal: () => {
      if (pending.current) {
        // Closed without leaving: back where the person was.
        pending.current = null;
        if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
      }
    },
  });

  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    const click = (e: MouseEvent) => {
      if (e.defaultPrevented) return;
      const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || !leavesPage(e, link, window.location)) return;
      e.preventDefault();
      e.stopPropagation();
      const url = new URL(link.href);
      confirmLeave(() => navigate(url.pathname + url.search + url.hash));
    };
    const here = historyIndex();
    let restoring = false;
    leaving.current = false;
    const popState = (e: PopStateEvent) => {
      if (leaving.current) return;
      e.stopImmediatePropagation();
      if (restoring) {
        restoring = false;
        return;
      }
      const there = historyIndex();
      const delta = here !== undefined && there !== undefined ? here - there : 1;
      if (delta === 0) return;
      restoring = true;
      window.history.go(delta);
      confirmLeave(() => window.history.go(-delta));
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    window.addEventListener("popstate", popState, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
      window.removeEventListener("popstate", popState, true);
    };
  }, [dirty, confirmLeave, navigate]);

  function leave() {
    const go = pending.current;
    pending.current = null;
    leaving.current = true;
    leaveModal.close();
    // The guard lets go first (the page is no longer "dirty" once it is left).
    window.setTimeout(() => go?.(), 0);
  }

  const modal = (
    <leaveModal.Component
      title="Quitter sans enregistrer ?"
      buttons={[
        { children: "Rester sur la page", priority: "secondary" },
        { children: "Quitter sans enregistrer", doClosesModal: false, onClick: leave },
      ]}
    >
      <p>{message}</p>
    </leaveModal.Component>
  );
  return { modal, confirmLeave };
}
