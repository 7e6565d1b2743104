import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
import { bySoonestWeek, byUrgency, clockText, countByFilter, daysLeft, hostStatusLabel, inFilter } from "./inbox";

type HostApplication = components["schemas"]["HostApplication"];

const now = new Date("2026-12-06T10:00:00Z");
const app = (over: Partial<HostApplication>): HostApplication => ({
  id: "a",
  offer_id: "o",
  offer_title: "Atelier",
  organisation_id: "org",
  status: "submitted",
  weeks: ["2027-W03"],
  pupil_first_name: "Inès",
  pupil_last_name: "Martin",
  school_name: "Collège",
  class_name: "3e A",
  motivation: "",
  cv: { interests: "", skills: "", languages: "", activities: "" } as HostApplication["cv"],
  far_from_home: false,
  travel_message_sent: false,
  submitted_at: "2026-12-01T10:00:00Z",
  read_at: null,
  expires_at: "2026-12-16T10:00:00Z",
  agreement_waiting_for: [],
  ...over,
});

describe("the inbox clock", () => {
  it("counts whole days left", () => {
    expect(daysLeft("2026-12-16T10:00:00Z", now)).toBe(10);
    expect(daysLeft("2026-12-07T09:00:00Z", now)).toBe(1);
    expect(daysLeft("2026-12-01T09:00:00Z", now)).toBe(0);
  });
  it("says it in French", () => {
    expect(clockText("2026-12-16T10:00:00Z", now)).toBe("expire dans 10 jours (le 16 décembre 2026)");
    expect(clockText("2026-12-07T09:00:00Z", now)).toBe("expire demain (7 décembre 2026)");
    expect(clockText("2026-12-06T18:00:00Z", now)).toBe("expire aujourd'hui (6 décembre 2026)");
  });
});

describe("the inbox sections", () => {
  const fresh = app({ id: "new" });
  const read = app({ id: "read", status: "read", read_at: "2026-12-02T10:00:00Z" });
  const soon = app({ id: "soon", status: "read", read_at: "2026-12-02T10:00:00Z", expires_at: "2026-12-08T10:00:00Z" });
  const accepted = app({ id: "acc", status: "accepted", read_at: "2026-12-02T10:00:00Z", expires_at: "2026-12-07T10:00:00Z" });
  const all = [fresh, read, soon, accepted];

  it("sorts each application into its sections", () => {
    expect(all.filter((a) => inFilter(a, "new", now)).map((a) => a.id)).toEqual(["new"]);
    expect(all.filter((a) => inFilter(a, "unanswered", now)).map((a) => a.id)).toEqual(["new", "read", "soon"]);
    // An accepted application waits for the pupil, not for the host: not "expiring" for the host.
    expect(all.filter((a) => inFilter(a, "soon", now)).map((a) => a.id)).toEqual(["soon"]);
    expect(countByFilter(all, now)).toEqual({ all: 4, new: 1, unanswered: 3, soon: 1, accepted: 1 });
  });
  it("puts the most urgent first", () => {
    expect([fresh, soon, read].sort(byUrgency).map((a) => a.id)).toEqual(["soon", "new", "read"]);
  });
});

describe("confirmed placements", () => {
  it("puts the soonest internship first", () => {
    const later = app({ id: "later", weeks: ["2027-W10"] });
    const sooner = app({
      id: "sooner",
      weeks: ["2027-W12", "2027-W02"],
    });
    expect([later, sooner].sort(bySoonestWeek).map((a) => a.id)).toEqual(["sooner", "later"]);
  });
});

describe("hostStatusLabel", () => {
  it("says what the host must do rather than what the pupil reads", () => {
    expect(hostStatusLabel({ status: "submitted", read_at: null })).toBe("Nouvelle, sans réponse");
    expect(hostStatusLabel({ status: "read", read_at: "2026-12-06T10:00:00Z" })).toBe("Lue, sans réponse");
    expect(hostStatusLabel({ status: "accepted", read_at: "2026-12-06T10:00:00Z" })).toBe("Acceptée, en attente de l'élève");
    expect(hostStatusLabel({ status: "confirmed", read_at: "2026-12-06T10:00:00Z" })).toBe("Stage confirmé");
  });
});
