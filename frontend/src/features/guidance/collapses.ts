// The FAQ's answers fold and unfold through the DSFR's script (react-dsfr's Accordion only writes
// its button's aria-expanded). The script reads that attribute when it takes hold of an answer and
// misses a change made meanwhile: a search typed while it starts (or as new answers appear) left
// the answers found folded. Once it holds them, each answer is brought to the page's state.
import { loadDsfrScript } from "../../dsfr/start";

type CollapseApi = { isDisclosed: boolean; isEnabled: boolean; isActive: boolean; disclose(): void; conceal?(): void };
type DsfrApi = (element: Element) => { collapse?: CollapseApi } | undefined;

const collapseOf = (element: Element): CollapseApi | undefined => (window as unknown as { dsfr?: DsfrApi }).dsfr?.(element)?.collapse;

/** How many frames to wait for the script to hold every answer (it does within a few). */
const FRAMES = 90;

/** Opens or folds each collapse (by its element's id) as `open` says, once the DSFR's script has
 *  started and holds it; checked again at each frame until all agree. Returns the cancel. */
export function holdCollapses(open: Record<string, boolean>): () => void {
  let cancelled = false;
  let frame = 0;
  const sync = (left: number) => {
    if (cancelled) return;
    let settled = true;
    for (const [id, wanted] of Object.entries(open)) {
      const element = document.getElementById(id);
      const collapse = element ? collapseOf(element) : undefined;
      if (!collapse?.isEnabled || !collapse.isActive) settled = false;
      else if (collapse.isDisclosed !== wanted) {
        // Both are no-ops once done; the state itself changes at the next frame (its animation).
        if (wanted) collapse.disclose();
        else collapse.conceal?.();
        settled = false;
      }
    }
    if (!settled && left > 0) frame = window.requestAnimationFrame(() => sync(left - 1));
  };
  void loadDsfrScript().then(() => sync(FRAMES));
  return () => {
    cancelled = true;
    window.cancelAnimationFrame(frame);
  };
}
