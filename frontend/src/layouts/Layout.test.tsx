import { describe, expect, it } from "vitest";
import { mainNavigation } from "./Layout";

describe("the header's menu", () => {
  it("gives a pupil their key pages, and leaves the account to the quick access links", () => {
    expect(mainNavigation("student", "/eleve/candidatures").map((i) => [i.text, i.isActive])).toEqual([
      ["Mon espace", false],
      ["Offres de stage", false],
      ["Mes candidatures", true],
      ["Mes favoris", false],
    ]);
    expect(mainNavigation("school_staff", "/espace").map((i) => i.text)).toEqual(["Mon espace", "Offres de stage"]);
    expect(mainNavigation(undefined, "/").map((i) => i.text)).toEqual(["Offres de stage"]);
    // The quick access links ("Mon compte", "Aide", "Se déconnecter") share the phone's menu with it.
    for (const role of ["student", "school_staff", "employer", "admin"]) expect(mainNavigation(role, "/compte").map((i) => i.text)).not.toContain("Mon compte");
  });
});
