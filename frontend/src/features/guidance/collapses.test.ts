import { afterEach, describe, expect, it, vi } from "vitest";
import { holdCollapses } from "./collapses";

// The DSFR's script is not run in jsdom: its start and its collapse instances are stood in for.
vi.mock("../../dsfr/start", () => ({ loadDsfrScript: () => Promise.resolve() }));

type Fake = { isDisclosed: boolean; isEnabled: boolean; isActive: boolean; disclose: () => void; conceal: () => void };

/** Collapses the script holds only from the third frame on (as it takes hold of the page), each
 *  changing state at the frame after it is asked (its animation). */
function fakeScript(ids: string[], disclosed: string[] = []) {
  const instances = new Map<string, Fake>();
  const asked: string[] = [];
  let frames = 0;
  document.body.innerHTML = ids.map((id) => `<div id="${id}"></div>`).join("");
  for (const id of ids) {
    const fake: Fake = {
      isDisclosed: disclosed.includes(id),
      isEnabled: true,
      isActive: true,
      disclose: () => (asked.push(`disclose ${id}`), requestAnimationFrame(() => (fake.isDisclosed = true))),
      conceal: () => (asked.push(`conceal ${id}`), requestAnimationFrame(() => (fake.isDisclosed = false))),
    };
    instances.set(id, fake);
  }
  vi.stubGlobal("dsfr", (element: Element) => (frames >= 3 ? { collapse: instances.get(element.id) } : {}));
  const tick = () => {
    frames += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return { instances, asked };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("holdCollapses (the FAQ's answers and the DSFR's script)", () => {
  it("opens the answers a search found once the script holds them, and folds the others", async () => {
    const { instances, asked } = fakeScript(["a", "b", "c"], ["c"]);
    holdCollapses({ a: true, b: false, c: false });
    await vi.waitFor(() => expect([...instances.values()].map((i) => i.isDisclosed)).toEqual([true, false, false]));
    // Asked once each, not again once done.
    await new Promise((r) => setTimeout(r, 100));
    expect(asked.filter((a) => a === "disclose a").length).toBeGreaterThanOrEqual(1);
    expect(asked.filter((a) => a.endsWith(" b"))).toEqual([]);
    expect(asked).toContain("conceal c");
    const count = asked.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toHaveLength(count);
  });

  it("stops when the page has moved on", async () => {
    const { instances, asked } = fakeScript(["a"]);
    const cancel = holdCollapses({ a: true });
    cancel();
    await new Promise((r) => setTimeout(r, 150));
    expect(asked).toEqual([]);
    expect(instances.get("a")!.isDisclosed).toBe(false);
  });
});
