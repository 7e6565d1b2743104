import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import DepartmentMap from "./DepartmentMap";
import { row } from "./testRows";

const rows = [
  row("13", "Bouches-du-Rhône", { offers: 12, target_total: 10, reached_pct: 120 }),
  row("15", "Cantal"),
  row("75", "Paris", {
    offers: 90,
    target_total: 200,
    reached_pct: 45,
    placements: 30,
    pupils: 400,
    pupils_placed: 28,
    pupils_placed_elsewhere: 6,
    coverage_pct: 8.5,
  }),
  row("92", "Hauts-de-Seine", { offers: 5, target_total: 100, reached_pct: 5 }),
  row("971", "Guadeloupe", { offers: 3, target_total: 4, reached_pct: 75 }),
  row("975", "Saint-Pierre-et-Miquelon"),
];

/** What the dashboard writes under the exported image, and its name. */
const image = { source: "Source : Passerelle · France · 2026-2027", filename: "carte-departements-2026-2027.png" };

/** The dashboard's part: the department chosen on the map is the one the figures show. */
function Dashboard() {
  const [department, setDepartment] = useState("");
  return (
    <>
      <DepartmentMap rows={rows} selected={department} onSelect={setDepartment} {...image} />
      <p>Chiffres de : {department || "tout le périmètre"}</p>
    </>
  );
}

describe("DepartmentMap", () => {
  it("names each department with its rate, and those without a target", () => {
    render(<Dashboard />);
    expect(screen.getByRole("button", { name: "Paris : 45 % de l'objectif, cliquer pour voir le détail" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cantal : pas d'objectif, cliquer pour voir le détail" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Guadeloupe : 75 % de l'objectif, cliquer pour voir le détail" })).toBeInTheDocument();
    // A territory without an outline is a tile, a button too.
    expect(screen.getByRole("button", { name: "Saint-Pierre-et-Miquelon : pas d'objectif, cliquer pour voir le détail" })).toBeInTheDocument();
    // One button per department: Paris is reached in its inset, not twice.
    expect(screen.getAllByRole("button", { name: /^Paris :/ })).toHaveLength(1);
    const legend = screen.getByText("Offres par rapport à l'objectif", { selector: "p" }).parentElement!;
    expect(within(legend).getByText("pas d'objectif : 2 départements")).toBeInTheDocument();
    expect(within(legend).getByText("100 % et plus : 1 département")).toBeInTheDocument();
  });

  it("narrows the figures to the department clicked, and back", async () => {
    const user = userEvent.setup();
    render(<Dashboard />);
    const paris = screen.getByRole("button", { name: /^Paris :/ });
    await user.click(paris);
    expect(screen.getByText("Chiffres de : 75")).toBeInTheDocument();
    expect(paris).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByRole("button", { name: "Revenir à tout mon périmètre" }));
    expect(screen.getByText("Chiffres de : tout le périmètre")).toBeInTheDocument();
    expect(paris).toHaveAttribute("aria-pressed", "false");
  });

  it("is operated with the keyboard: Tab to a department, Enter or Space to choose it", async () => {
    const user = userEvent.setup();
    render(<Dashboard />);
    const cantal = screen.getByRole("button", { name: /^Cantal :/ });
    act(() => cantal.focus());
    expect(cantal).toHaveFocus();
    // The panel beside the map reads the department reached.
    expect(screen.getByText("Cantal (15)")).toBeInTheDocument();
    expect(screen.getByText("0 offre publiée, sans objectif fixé")).toBeInTheDocument();
    await user.keyboard("{Enter}");
    expect(screen.getByText("Chiffres de : 15")).toBeInTheDocument();
    await user.tab();
    await user.keyboard(" ");
    expect(screen.getByText(/^Chiffres de : (?!15)\w+/)).toBeInTheDocument();
  });

  it("switches to pupils with an internship, here or elsewhere, against pupils enrolled", async () => {
    const user = userEvent.setup();
    render(<Dashboard />);
    await user.click(screen.getByLabelText("Élèves ayant un stage (sur Passerelle ou ailleurs)"));
    expect(screen.getByRole("button", { name: "Paris : 8,5 % des élèves inscrits ont un stage, cliquer pour voir le détail" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cantal : pas d'élève inscrit, cliquer pour voir le détail" })).toBeInTheDocument();
  });

  it("has no rate to switch to when no pupil is registered", () => {
    render(<DepartmentMap rows={rows.map((r) => ({ ...r, pupils: 0 }))} selected="" onSelect={() => {}} {...image} />);
    expect(screen.queryByLabelText("Élèves ayant un stage (sur Passerelle ou ailleurs)")).not.toBeInTheDocument();
  });

  it("frames a région on its departments: Paris is reached on the map itself, the neighbours are only drawn", () => {
    const idf = ["75", "77", "78", "91", "92", "93", "94", "95"].map((c) => row(c, `Département ${c}`, { target_total: 10, reached_pct: 50 }));
    const { container } = render(<DepartmentMap rows={idf} selected="" onSelect={() => {}} {...image} />);
    const map = screen.getByRole("group", { name: "Carte des départements" });
    expect(within(map).getAllByRole("button")).toHaveLength(8);
    expect(screen.queryByRole("group", { name: "Paris et petite couronne" })).not.toBeInTheDocument();
    const [, , width] = map.getAttribute("viewBox")!.split(" ").map(Number);
    expect(width).toBeLessThan(250);
    // The other departments are there for the eye, hidden from screen readers.
    expect(container.querySelectorAll('svg path[aria-hidden="true"]').length).toBeGreaterThan(80);
  });
  it("frames a department referent's one department among its neighbours, always selected", async () => {
    const user = userEvent.setup();
    const selections: string[] = [];
    const paris = rows.filter((r) => r.code === "75");
    const { container } = render(<DepartmentMap rows={paris} selected="" onSelect={(c) => selections.push(c)} {...image} />);
    const map = screen.getByRole("group", { name: "Carte des départements" });
    const button = within(map).getByRole("button", { name: "Paris : 45 % de l'objectif, ses chiffres sont affichés à côté de la carte" });
    expect(button).toHaveAttribute("aria-pressed", "true");
    // Paris is drawn large enough on the map itself: no inset.
    expect(screen.queryByRole("group", { name: "Paris et petite couronne" })).not.toBeInTheDocument();
    const [, , width] = map.getAttribute("viewBox")!.split(" ").map(Number);
    expect(width).toBeLessThan(100);
    expect(container.querySelectorAll('svg path[aria-hidden="true"]').length).toBeGreaterThan(90);
    // Its figures are in the panel without hovering; a click keeps it selected.
    expect(screen.getByText("Paris (75)")).toBeInTheDocument();
    await user.click(button);
    act(() => button.focus());
    await user.keyboard("{Enter}");
    expect(selections).toEqual([]);
    expect(button).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByText("Paris (75)")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Revenir à tout mon périmètre" })).not.toBeInTheDocument();
  });

  it("draws an overseas department referent's department large", () => {
    render(<DepartmentMap rows={rows.filter((r) => r.code === "971")} selected="" onSelect={() => {}} {...image} />);
    expect(screen.getByRole("button", { name: /^Guadeloupe : 75 % de l'objectif/ })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByText("Guadeloupe (971)")).toBeInTheDocument();
  });

  it("exports the map as a PNG image with its legend and source, as the charts do", async () => {
    // jsdom neither draws nor decodes images nor downloads: the canvas, the Image and the blob URL
    // are stubbed at the browser's edge; the export's own code (serializing the drawings, writing
    // the title, legend and source, asking for a PNG, naming the file) runs as in a browser.
    const written: string[] = [];
    const context = new Proxy(
      {},
      {
        get: (_, method) => (method === "measureText" ? () => ({ width: 0 }) : (...args: unknown[]) => method === "fillText" && written.push(String(args[0]))),
        set: () => true,
      },
    );
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(context as unknown as null);
    vi.spyOn(HTMLCanvasElement.prototype, "toBlob").mockImplementation((done, type) => done(new Blob(["PNG"], { type })));
    const sources: string[] = [];
    vi.stubGlobal(
      "Image",
      class {
        onload: (() => void) | null = null;
        set src(value: string) {
          sources.push(value);
          queueMicrotask(() => this.onload?.());
        }
      },
    );
    const saved: Blob[] = [];
    const names: string[] = [];
    URL.createObjectURL = (blob: Blob) => (saved.push(blob), "blob:carte");
    // Called a minute after the download, maybe after this test: left in place.
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    try {
      const user = userEvent.setup();
      render(<Dashboard />);
      await user.click(screen.getByRole("button", { name: "Exporter en image (PNG) : Carte des départements" }));
      await vi.waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0].type).toBe("image/png");
      expect(names).toEqual(["carte-departements-2026-2027.png"]);
      // The metropolitan map, Paris's inset and Guadeloupe, each serialized as an SVG image.
      expect(sources).toHaveLength(3);
      expect(sources.every((s) => s.startsWith("data:image/svg+xml"))).toBe(true);
      expect(decodeURIComponent(sources[0])).toContain("<path");
      expect(written).toEqual(
        expect.arrayContaining([
          "Carte des départements",
          "Offres par rapport à l'objectif",
          "100 % et plus : 1 département",
          "pas d'objectif : 2 départements",
          "975",
          "Source : Passerelle · France · 2026-2027",
        ]),
      );
    } finally {
      vi.unstubAllGlobals();
      delete (URL as { createObjectURL?: unknown }).createObjectURL;
    }
  });
});
