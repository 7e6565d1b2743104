import { describe, expect, it } from "vitest";
import {
  actorLabel,
  auditFilterFrom,
  auditFilterText,
  auditKinds,
  auditQuery,
  auditSearch,
  describeAdminAction,
  isFiltered,
  parisDateTime,
  sortActors,
} from "./auditLabels";

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

describe("the journal's filters", () => {
  it("reads them from the address, ignoring what is malformed", () => {
    const f = auditFilterFrom(new URLSearchParams("type=comptes&admin=u-1&du=2027-02-01&au=2027-02-28&page=3"));
    expect(f).toEqual({ page: 3, type: "comptes", actorId: "u-1", from: "2027-02-01", to: "2027-02-28" });
    expect(auditFilterFrom(new URLSearchParams("type=inconnu&du=01/02/2027&page=-2"))).toEqual({ page: 1 });
    expect(isFiltered({ page: 2 })).toBe(false);
    expect(isFiltered({ page: 1, to: "2027-02-28" })).toBe(true);
  });

  it("writes them back to an address, page 1 and empty filters left out", () => {
    expect(auditSearch({ page: 1 })).toBe("");
    expect(auditSearch({ page: 2, type: "offres", from: "2027-02-01" })).toBe("?type=offres&du=2027-02-01&page=2");
    const params = new URLSearchParams(auditSearch({ page: 4, type: "objectifs", actorId: "u-9", from: "2027-01-01", to: "2027-01-31" }).slice(1));
    expect(auditFilterFrom(params)).toEqual({ page: 4, type: "objectifs", actorId: "u-9", from: "2027-01-01", to: "2027-01-31" });
  });

  it("asks the API for the kind's path prefix", () => {
    expect(auditQuery({ page: 1, type: "comptes", actorId: "u-1" })).toEqual({
      page: 1,
      actor_id: "u-1",
      path_prefix: "/api/v1/admin/users",
      from: undefined,
      to: undefined,
    });
    expect(auditQuery({ page: 1 }).path_prefix).toBeUndefined();
  });

  it("has a kind for every operation the journal names, and each kind's operations read as its own", () => {
    const samples: [string, string][] = [
      ["POST", "/api/v1/admin/users"],
      ["POST", "/api/v1/admin/users/u/suspension"],
      ["PUT", "/api/v1/admin/targets/2026-2027/department/93"],
      ["PUT", "/api/v1/admin/platform-mode"],
      ["POST", "/api/v1/admin/ministries"],
      ["POST", "/api/v1/admin/offer-reports/r/decision"],
      ["POST", "/api/v1/admin/offers/o/restore"],
      ["PUT", "/api/v1/admin/school-years/2026-2027/seconde-weeks"],
      ["PUT", "/api/v1/admin/campaigns/2026-2027/lycee"],
      ["PATCH", "/api/v1/admin/operators/op"],
      ["POST", "/api/v1/operators/op/webhooks"],
      ["PUT", "/api/v1/schools/0750001A/priority-derogation"],
      ["PUT", "/api/v1/offers/o"],
    ];
    for (const [method, path] of samples) {
      const kinds = auditKinds.filter((k) => path.startsWith(k.prefix));
      expect(kinds, path).toHaveLength(1);
      expect(describeAdminAction(method, path).target, path).not.toContain("/");
    }
  });

  it("says them in French, for the total's line", () => {
    expect(auditFilterText({ page: 1 })).toBe("");
    expect(auditFilterText({ page: 1, type: "objectifs", actorId: "u-1", from: "2027-02-01", to: "2027-02-03" }, "Claire Bernard")).toBe(
      "« Objectifs de la campagne », par Claire Bernard, du 1er février 2027 au 3 février 2027",
    );
    expect(auditFilterText({ page: 1, actorId: "u-1", from: "2027-02-01", to: "2027-02-01" })).toBe("par l'administrateur choisi, le 1er février 2027");
    expect(auditFilterText({ page: 1, from: "2027-02-01" })).toBe("depuis le 1er février 2027");
    expect(auditFilterText({ page: 1, to: "2027-02-01" })).toBe("jusqu'au 1er février 2027");
  });
});

describe("the journal's actors", () => {
  it("lists today's admins first, then former ones marked as such, by name", () => {
    const actors = [
      { id: "u3", name: "Anne Leroy", actions: 2, still_admin: false },
      { id: "u2", name: "Paul Durand", actions: 4, still_admin: true },
      { id: "u1", name: "Claire Bernard", actions: 1, still_admin: true },
      { id: "01a24bfb-0cf8-776a-9b94-30dab9a0a8fe", name: "", actions: 1, still_admin: false },
    ];
    expect(sortActors(actors).map(actorLabel)).toEqual(["Claire Bernard", "Paul Durand", "Compte supprimé (01a24bfb…)", "Anne Leroy (ancien administrateur)"]);
  });
});
