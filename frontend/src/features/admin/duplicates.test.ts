import { describe, expect, it } from "vitest";
import { describeAdminAction } from "./auditLabels";
import {
  canMergeSchool,
  formatSiret,
  organisationForm,
  organisationMerged,
  organisationMergeWarning,
  organisationRequest,
  parseCoordinate,
  schoolMerged,
  schoolMergeWarning,
  schoolStatus,
  schoolTargets,
  type AdminOrganisation,
  type AdminSchool,
} from "./duplicates";

const org = (over: Partial<AdminOrganisation> = {}): AdminOrganisation => ({
  id: "o-1",
  name: "Électricité Martin",
  siret: "73282932000074",
  kind: "company",
  is_public: false,
  group_name: "Groupe Martin",
  sector_id: "s10",
  address: "1 rue X",
  postal_code: "42000",
  city: "Saint-Étienne",
  members: 2,
  offers: 3,
  ...over,
});

const school = (over: Partial<AdminSchool> = {}): AdminSchool => ({
  uai: "0750001A",
  name: "Collège Jean Moulin",
  kind: "college",
  status: "public",
  address: "1 rue Y",
  postal_code: "75020",
  commune_name: "Paris",
  department_code: "75",
  academie_code: "01",
  registered: true,
  staff: 3,
  pupils: 40,
  ...over,
});

describe("organisations", () => {
  it("prefills the form and sends a public one with its ministry and without a group", () => {
    const o = org();
    const form = { ...organisationForm(o), is_public: true, ministry_id: "m-1", name: "  Électricité Martin et fils " };
    expect(organisationRequest(form, o)).toEqual({
      name: "Électricité Martin et fils",
      siret: "73282932000074",
      kind: "company",
      is_public: true,
      ministry_id: "m-1",
      group_name: null,
      naf_code: null,
      sector_id: "s10",
      address: "1 rue X",
      postal_code: "42000",
      city: "Saint-Étienne",
    });
    expect(organisationRequest(organisationForm(o), o).group_name).toBe("Groupe Martin");
  });

  it("writes a SIRET in groups", () => {
    expect(formatSiret("73282932000074")).toBe("732 829 320 00074");
    expect(formatSiret("123")).toBe("123");
  });

  it("says what a merge moves, in French plurals", () => {
    const kept = org({ id: "o-2", name: "Martin SA", siret: "73282932000082", city: "Lyon" });
    expect(organisationMergeWarning(org(), kept)).toBe(
      "Ses 2 membres, ses 3 offres et ses conventions passeront à « Martin SA » (SIRET 732 829 320 00082, Lyon).",
    );
    expect(organisationMergeWarning(org({ members: 1, offers: 0 }), kept)).toBe(
      "Son membre et ses conventions passeront à « Martin SA » (SIRET 732 829 320 00082, Lyon).",
    );
  });

  it("reports what moved", () => {
    const r = { organisation: org({ name: "Martin SA" }), members_moved: 1, offers_moved: 2, agreements_moved: 0 };
    expect(organisationMerged("Électricité Martin", r)).toBe(
      "Fusion faite : l'organisme « Électricité Martin » est supprimé, tout passe à « Martin SA » (1 membre déplacé, 2 offres déplacées et 0 convention déplacée).",
    );
  });
});

describe("schools", () => {
  it("tells corrected and regrouped schools, and which can be regrouped into which", () => {
    const merged = school({ uai: "0750002B", merged_into: "0750001A", registered: true });
    expect(schoolStatus(merged)).toEqual(["Regroupé avec 0750001A"]);
    expect(schoolStatus(school({ corrected_at: "2027-02-01T13:05:00Z" }))).toEqual(["Corrigé le 1er février 2027"]);
    expect(canMergeSchool(merged)).toBe(false);
    expect(canMergeSchool(school({ registered: false }))).toBe(false);
    const other = school({ uai: "0750003C", registered: false });
    expect(schoolTargets(school(), [school(), merged, other]).map((s) => s.uai)).toEqual(["0750003C"]);
  });

  it("says what a regrouping moves and what moved", () => {
    const kept = school({ uai: "0750003C", name: "Collège Jean-Moulin" });
    expect(schoolMergeWarning(school({ name: "École Voltaire", pupils: 1, staff: 0 }), kept)).toBe(
      "Tout passera d'École Voltaire (0750001A) à Collège Jean-Moulin (0750003C) : ses classes (celles de même année et de même nom sont fusionnées), ses semaines de stage et son élève, ses candidatures et ses conventions.",
    );
    const r = { school: kept, pupils_moved: 40, applications_moved: 12, agreements_moved: 1, classes_merged: 2 };
    expect(schoolMerged(school(), r)).toBe(
      "Regroupement fait de Collège Jean Moulin (0750001A) vers Collège Jean-Moulin (0750003C) : 40 élèves déplacés, 12 candidatures déplacées, 1 convention déplacée et 2 classes fusionnées. L'UAI 0750001A ne peut plus être inscrit.",
    );
  });

  it("reads coordinates with a decimal comma", () => {
    expect(parseCoordinate("48,8566", -90, 90)).toEqual({ value: 48.8566 });
    expect(parseCoordinate(" ", -90, 90)).toEqual({ value: null });
    expect(parseCoordinate("95", -90, 90).error).toBe("Un nombre entre -90 et 90, par exemple 48,8566.");
  });
});

describe("the journal", () => {
  it("names the corrections and merges of organisations and schools", () => {
    expect(describeAdminAction("PUT", "/api/v1/admin/schools/0750001A")).toEqual({
      action: "Établissement corrigé",
      target: "établissement 0750001A",
      link: "/admin/etablissements?q=0750001A",
    });
    expect(describeAdminAction("POST", "/api/v1/admin/organisations/o-1/merge").action).toBe("Organismes fusionnés");
    expect(describeAdminAction("PUT", "/api/v1/admin/targets/2026-2027/ministry/m-1", { ministries: { "m-1": "Ministère des Armées" } }).target).toBe(
      "Ministère des Armées, année 2026-2027",
    );
  });
});
