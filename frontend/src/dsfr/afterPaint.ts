// Work that the first screen does not need (the platform's status) starts once
// the browser has painted it (issue 31): on a slow phone it then does not compete with the page's
// own code and styles, nor delay their first paint.
import { useEffect, useState } from "react";

let painted = false;
const waiting: (() => void)[] = [];

function flush() {
  painted = true;
  waiting.splice(0).forEach((fn) => fn());
}

/** Runs `fn` after the next paint (a frame, then a task: the frame has been painted by then), or
 *  at once if the first screen has been painted already. */
export function afterFirstPaint(fn: () => void) {
  if (painted) return fn();
  waiting.push(fn);
  if (waiting.length > 1) return;
  if (typeof window.requestAnimationFrame === "function") window.requestAnimationFrame(() => window.setTimeout(flush, 0));
  else window.setTimeout(flush, 0);
}

/** False until the first screen has been painted (then true for every component). */
export function useFirstPaintDone(): boolean {
  const [done, setDone] = useState(painted);
  useEffect(() => {
    if (!done) afterFirstPaint(() => setDone(true));
  }, [done]);
  return done;
}
