import { describe, expect, it } from "vitest";
import type { Me } from "../../api/client";
import { accountBadges, areas, isLocked } from "./accounts";

const base: Me = {
  id: "u1",
  email: "lina@example.fr",
  role: "employer",
  first_name: "Lina",
  last_name: "Benali",
  confirmed: true,
  created_at: "2026-09-01T08:00:00Z",
  totp_enabled: false,
  totp_required: false,
};
const now = new Date("2026-10-01T12:00:00Z");

describe("account badges", () => {
  it("says active, suspended or locked in words", () => {
    expect(accountBadges(base, now).map((b) => b.label)).toEqual(["Actif"]);
    expect(accountBadges({ ...base, suspended_at: "2026-09-30T10:00:00Z", suspended_reason: "départ" }, now).map((b) => b.label)).toEqual(["Suspendu"]);
    const locked = { ...base, locked_until: "2026-10-01T12:15:00Z" };
    expect(isLocked(locked, now)).toBe(true);
    expect(accountBadges(locked, now)[0].label).toMatch(/^Verrouillé jusqu'au 1er octobre 2026/);
    expect(isLocked({ ...base, locked_until: "2026-10-01T11:00:00Z" }, now)).toBe(false);
    expect(accountBadges({ ...base, role: "referent", totp_required: true, confirmed: false }, now).map((b) => b.label)).toEqual([
      "Actif",
      "Adresse non confirmée",
      "Double authentification à configurer",
    ]);
  });
});

describe("areas", () => {
  it("lists each académie once, by name", () => {
    const d = (code: string, ac: string, an: string) => ({
      code,
      name: code,
      region_code: "11",
      region_name: "Île-de-France",
      academie_code: ac,
      academie_name: an,
    });
    expect(areas([d("93", "24", "Créteil"), d("94", "24", "Créteil"), d("75", "01", "Paris"), d("78", "25", "Versailles")], "academie")).toEqual([
      { code: "24", name: "Créteil" },
      { code: "01", name: "Paris" },
      { code: "25", name: "Versailles" },
    ]);
    expect(areas([d("93", "24", "Créteil")], "region")).toEqual([{ code: "11", name: "Île-de-France" }]);
  });
});
