import { useEffect, useRef } from "react";

/** How long after an action its control may still leave the page (the list is read again). */
const WINDOW_MS = 10_000;

/** After an action whose control leaves the page (an application answered, a declaration
 *  validated: its card or its buttons go once the list is read again), the keyboard's focus
 *  would fall to the page's top (RGAA 7.1 / WCAG 2.4.3). Call `expectFocusLoss()` when the
 *  action succeeds; at the next render where the focus is lost, it goes to `rescueRef` (give it
 *  to the status message or the list's heading, with tabIndex -1). */
export function useFocusRescue<T extends HTMLElement = HTMLDivElement>() {
  const rescueRef = useRef<T>(null);
  const armedAt = useRef(0);
  // After every render: the one that removed the focused control is the one to catch.
  useEffect(() => {
    if (!armedAt.current) return;
    if (Date.now() - armedAt.current > WINDOW_MS) {
      armedAt.current = 0;
      return;
    }
    const active = document.activeElement;
    if (active && active !== document.body) return;
    armedAt.current = 0;
    rescueRef.current?.focus();
  });
  const expectFocusLoss = () => {
    armedAt.current = Date.now();
  };
  return { rescueRef, expectFocusLoss };
}
