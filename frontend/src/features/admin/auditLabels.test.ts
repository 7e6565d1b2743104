import { describe, expect, it } from "vitest";
import { describeAdminAction, parisDateTime } from "./auditLabels";

describe("describeAdminAction", () => {
  it("names the back office's changes in French, with what they touched", () => {
    expect(describeAdminAction("POST", "/api/v1/admin/users/u-42/suspension")).toEqual({ action: "Compte suspendu", target: "compte u-42" });
    expect(describeAdminAction("DELETE", "/api/v1/admin/users/u-42/suspension").action).toBe("Compte réactivé");
    expect(describeAdminAction("PUT", "/api/v1/admin/targets/2026-2027/department/93")).toEqual({
      action: "Objectif de la campagne fixé",
      target: "département 93, année 2026-2027",
    });
    expect(describeAdminAction("PUT", "/api/v1/admin/campaigns/2026-2027/lycee").target).toBe("lycée, année 2026-2027");
  });

  it("links to the offer it restored, its long id shortened", () => {
    expect(describeAdminAction("POST", "/api/v1/admin/offers/o-1/restore")).toEqual({ action: "Offre rétablie", target: "offre o-1", link: "/offres/o-1" });
    const id = "01a24bfb-0cf8-776a-9b94-30dab9a0a8fe";
    expect(describeAdminAction("POST", `/api/v1/admin/offers/${id}/restore`)).toEqual({
      action: "Offre rétablie",
      target: "offre 01a24bfb…",
      link: `/offres/${id}`,
    });
  });

  it("tells a path from its longer neighbours", () => {
    expect(describeAdminAction("PUT", "/api/v1/offers/o-1").action).toBe("Offre modifiée");
    expect(describeAdminAction("POST", "/api/v1/offers/o-1/publish").action).toBe("Offre publiée");
    expect(describeAdminAction("PUT", "/api/v1/admin/school-years/2026-2027").action).toBe("Année scolaire enregistrée");
    expect(describeAdminAction("PUT", "/api/v1/admin/school-years/2026-2027/seconde-weeks").action).toBe("Semaines de seconde fixées");
  });

  it("still shows an operation it does not know, by its path", () => {
    expect(describeAdminAction("POST", "/api/v1/something/new")).toEqual({ action: "Création ou action", target: "something/new" });
  });
});

describe("parisDateTime", () => {
  it("writes the instant in Paris time, the first of the month as 1er", () => {
    expect(parisDateTime("2027-02-01T13:05:00Z")).toBe("1er février 2027 à 14:05");
    expect(parisDateTime("2027-07-14T22:30:00Z")).toBe("15 juillet 2027 à 00:30");
  });
});
