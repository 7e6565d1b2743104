import { useEffect, useRef, useState, type KeyboardEvent } from "react";

/** A form opened in place by a button (refusing with a reason, withdrawing…): the button and the
 *  form swap places, so the control just pressed leaves the page. The keyboard's focus follows:
 *  to the form's first field when it opens, back to the button that opened it when it is
 *  cancelled ("Annuler" or Escape, as a modal closes), instead of falling to the page's top
 *  (RGAA 7.1 / WCAG 2.4.3). Give `openerRef` to the button, `fieldRef` to the first field and
 *  `formProps` to the form. */
export function useInlineForm<Field extends HTMLElement = HTMLTextAreaElement>() {
  const [open, setOpen] = useState(false);
  const fieldRef = useRef<Field>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<"field" | "opener" | null>(null);
  useEffect(() => {
    if (focusNext.current === "field") fieldRef.current?.focus();
    if (focusNext.current === "opener") openerRef.current?.focus();
    focusNext.current = null;
  }, [open]);

  const show = () => {
    focusNext.current = "field";
    setOpen(true);
  };
  const cancel = () => {
    focusNext.current = "opener";
    setOpen(false);
  };
  /** Closed once it has done its job: the page says where the focus goes next. */
  const close = () => setOpen(false);
  const formProps = {
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      cancel();
    },
  };
  return { open, show, cancel, close, fieldRef, openerRef, formProps };
}
