import { act, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { Link, MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { leavesPage, useLeaveGuard } from "./LeaveGuard";

const here = new URL("http://localhost/etablissement/0750001A/semaines") as unknown as Location;
const link = (href: string, attrs: Record<string, string> = {}) => {
  const a = document.createElement("a");
  a.href = href;
  for (const [k, v] of Object.entries(attrs)) a.setAttribute(k, v);
  return a;
};
const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false };

describe("leavesPage", () => {
  it("catches a plain click on a link to another address of the app", () => {
    expect(leavesPage(click, link("/etablissement/0750001A/eleves"), here)).toBe(true);
    expect(leavesPage(click, link("/espace?organisme=1"), here)).toBe(true);
  });

  it("lets the other clicks go: same page, new tab, modifier keys, another site, a download", () => {
    expect(leavesPage(click, link("#contenu"), here)).toBe(false);
    expect(leavesPage(click, link("/etablissement/0750001A/eleves", { target: "_blank" }), here)).toBe(false);
    expect(leavesPage({ ...click, ctrlKey: true }, link("/etablissement/0750001A/eleves"), here)).toBe(false);
    expect(leavesPage(click, link("https://www.education.gouv.fr/"), here)).toBe(false);
    expect(leavesPage(click, link("/api/v1/file.pdf", { download: "" }), here)).toBe(false);
  });
});

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function Editor() {
  const [dirty, setDirty] = useState(false);
  const { modal } = useLeaveGuard(dirty, "Vos changements seront perdus.");
  return (
    <>
      <button onClick={() => setDirty(true)}>Changer</button>
      <Link to="/ailleurs">Ailleurs</Link>
      {modal}
    </>
  );
}

describe("useLeaveGuard", () => {
  const disclose = vi.fn();
  beforeEach(() => {
    (window as unknown as { dsfr: unknown }).dsfr = () => ({ modal: { disclose, conceal: vi.fn() } });
  });
  afterEach(() => {
    delete (window as unknown as { dsfr?: unknown }).dsfr;
  });

  it("lets a link go while nothing changed, asks once something did, and leaves on « Quitter »", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const ui = () => (
      <MemoryRouter initialEntries={["/page"]}>
        <Routes>
          <Route path="/page" element={<Editor />} />
          <Route path="/ailleurs" element={<p>Arrivé ailleurs</p>} />
        </Routes>
        <Where />
      </MemoryRouter>
    );
    const { unmount } = render(ui());
    fireEvent.click(screen.getByText("Changer"));
    fireEvent.click(screen.getByText("Ailleurs"));
    expect(screen.getByTestId("where").textContent).toBe("/page");
    expect(disclose).toHaveBeenCalledTimes(1);
    expect(screen.getByText("Vos changements seront perdus.")).toBeTruthy();

    fireEvent.click(screen.getByText("Quitter sans enregistrer"));
    await act(async () => {
      vi.runAllTimers();
    });
    expect(screen.getByTestId("where").textContent).toBe("/ailleurs");
    unmount();

    // Unchanged: the link goes at once.
    render(ui());
    fireEvent.click(screen.getByText("Ailleurs"));
    expect(screen.getByTestId("where").textContent).toBe("/ailleurs");
    expect(disclose).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
