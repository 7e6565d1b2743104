import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
import { cvIsEmpty, deadlineText, nextStep, phaseOf, phases } from "./nextStep";

type Profile = components["schemas"]["MyPupilProfile"];
type Application = components["schemas"]["PupilApplication"];
type Agreement = components["schemas"]["AgreementSummary"];
type External = components["schemas"]["ExternalInternshipView"];

const emptyCv = { interests: "", skills: "", languages: "", activities: "" };
const profile = (over: Partial<Profile> = {}): Profile => ({
  school: { uai: "0750001A", name: "Collège Jean-Baptiste Clément" } as Profile["school"],
  class: { id: "c1", name: "3e A" } as Profile["class"],
  internship_weeks: [],
  weeks_needed: 1,
  gender: "not_stated",
  legal_representatives: [{ name: "Awa Diallo", email: "awa@exemple.fr", phone: null }],
  cv: { ...emptyCv, interests: "Le dessin" },
  consent_date: "2026-11-02",
  can_search: true,
  blocked: null,
  ...over,
});
const application = (status: Application["status"], expires_at: string | null = "2027-01-18T10:00:00Z"): Application => ({
  id: `a-${status}`,
  offer_id: "o1",
  offer_title: "Découvrir l'électricité",
  organisation_name: "Atelier Lumière",
  city: "Paris",
  status,
  weeks: ["2027-W03"],
  motivation: "",
  submitted_at: "2027-01-03T10:00:00Z",
  expires_at,
  next_step: "",
});
const agreement = (status: Agreement["status"], waiting_for: Agreement["waiting_for"] = [], over: Partial<Agreement> = {}): Agreement => ({
  id: "ag1",
  application_id: "app1",
  status,
  status_label: "",
  pupil_name: "Lina",
  offer_title: "Découvrir l'électricité",
  organisation_name: "Atelier Lumière",
  school_uai: "0750001A",
  starts_on: "2027-01-18",
  ends_on: "2027-01-22",
  waiting_for,
  document_hash: "h",
  ...over,
});
/** An internship found elsewhere, declared by the pupil on 2 January. */
const external = (status: External["status"], over: Partial<External> = {}): External => ({
  id: `e-${status}`,
  pupil_id: "p1",
  school_year: "2026-2027",
  status,
  host_name: "Boulangerie Martin",
  street: "1 rue de la Paix",
  postal_code: "75002",
  city: "Paris",
  weeks: ["2027-W03"],
  agreement_uploaded: false,
  declared_by_pupil: true,
  declared_at: "2027-01-02T10:00:00Z",
  decided_at: status === "declared" ? null : "2027-01-05T10:00:00Z",
  rejection_reason: status === "rejected" ? "La convention n'est pas signée par l'organisme." : null,
  ...over,
});
const today = "2027-01-08";
const now = new Date("2027-01-08T10:00:00Z");
const step = (me: Profile, apps: Application[] = [], ags: Agreement[] = [], day = today) => nextStep(me, apps, ags, day, now);

describe("nextStep", () => {
  it("asks first for a school and a class", () => {
    expect(step(profile({ school: null, class: null, can_search: false })).key).toBe("choose_class");
  });

  it("waits for the school to approve a class chosen without its code, before anything else", () => {
    const s = step(profile({ can_search: false, consent_date: null, join_status: "pending", blocked: { code: "JOIN_PENDING", message: "…" } }));
    expect(s.key).toBe("join_pending");
    expect(s.text).toContain("dans la classe 3e A");
    expect(phaseOf(s.key)).toBe(1);
  });

  it("asks for the parents' consent, through the main teacher", () => {
    const s = step(profile({ can_search: false, consent_date: null, blocked: { code: "CONSENT_REQUIRED", message: "…" } }));
    expect(s.key).toBe("consent");
    expect(s.text).toContain("professeur principal");
  });

  it("says the search is not open yet for other reasons", () => {
    expect(step(profile({ can_search: false, blocked: { code: "SEARCH_NOT_OPEN", message: "…" } })).key).toBe("not_open");
  });

  it("nudges to complete an empty CV before the first application, then sends to the search", () => {
    expect(step(profile({ cv: emptyCv }))).toMatchObject({ key: "complete_cv", action: { to: "/eleve/profil" } });
    expect(step(profile())).toMatchObject({ key: "search", action: { to: "/offres", label: "Voir les offres de stage" } });
    expect(step(profile(), [application("rejected")]).text).toContain("plus de candidature en cours");
  });

  it("waits for an answer, with the clock of the earliest deadline", () => {
    const s = step(profile(), [application("submitted", "2027-01-20T10:00:00Z"), application("read", "2027-01-11T10:00:00Z")]);
    expect(s.key).toBe("wait_answer");
    expect(s.deadline).toBe("2027-01-11T10:00:00Z");
    expect(s.text).toContain("2 candidatures attendent une réponse ; la première doit arriver au plus tard le 11 janvier 2027 (dans 3 jours)");
  });

  it("asks to confirm an accepted application before it expires, even while others wait", () => {
    const s = step(profile(), [application("submitted"), application("accepted", "2027-01-09T10:00:00Z")]);
    expect(s).toMatchObject({ key: "confirm", title: "Confirme ton stage", action: { to: "/eleve/candidatures" } });
    expect(s.text).toBe("Atelier Lumière t'accepte : confirme ce stage avant le 9 janvier 2027 (dans 1 jour), sinon la place sera proposée à un autre élève.");
  });

  it("once confirmed, asks for a legal representative if none is given", () => {
    expect(step(profile({ legal_representatives: [] }), [application("confirmed")]).key).toBe("fill_representative");
    expect(step(profile(), [application("confirmed")]).key).toBe("agreement_in_progress");
    expect(step(profile({ legal_representatives: [] }), [application("confirmed")], [agreement("host_to_fill", ["host"])]).key).toBe("fill_representative");
  });

  it("follows the agreement: being filled, the pupil's signature, the representative's, the others'", () => {
    const apps = [application("confirmed")];
    expect(step(profile(), apps, [agreement("school_to_fill", ["school"])]).text).toContain("Ton établissement la remplit");
    expect(step(profile(), apps, [agreement("to_sign", ["pupil", "legal_rep_1", "host"])])).toMatchObject({ key: "sign", action: { to: "/conventions/ag1" } });
    expect(step(profile(), apps, [agreement("to_sign", ["legal_rep_1", "legal_rep_2"])]).key).toBe("representative_signs");
    expect(step(profile(), apps, [agreement("to_sign", ["host"])]).key).toBe("wait_signatures");
    expect(step(profile(), apps, [agreement("cancelled"), agreement("signed", [], { id: "ag2" })]).key).toBe("ready");
  });

  it("during the internship wishes a good one; after it, asks for the attestation", () => {
    const apps = [application("confirmed")];
    expect(step(profile(), apps, [agreement("signed")], "2027-01-19").key).toBe("during");
    expect(step(profile(), apps, [agreement("signed")], "2027-01-25")).toMatchObject({ key: "attestation", action: { label: "Demander mon attestation" } });
  });
});

describe("nextStep, with an internship found elsewhere", () => {
  const withExternal = (me: Profile, ext: External[], apps: Application[] = [], ags: Agreement[] = []) => nextStep(me, apps, ags, today, now, ext);
  const emptyCvProfile = profile({ cv: emptyCv });

  it("tells a refusal, with its reason and the way back to the declaration, rather than the CV", () => {
    expect(withExternal(emptyCvProfile, []).key).toBe("complete_cv");
    const refused = withExternal(emptyCvProfile, [external("rejected")]);
    expect(refused).toEqual({
      key: "elsewhere_rejected",
      title: "Revois ta déclaration de stage",
      text: "Ton établissement n'a pas validé ton stage chez Boulangerie Martin : La convention n'est pas signée par l'organisme. Tu peux le déclarer à nouveau en corrigeant ce qui manque, ou chercher un stage sur Passerelle.",
      action: { label: "Voir ma déclaration", to: "/eleve/stage-hors-plateforme" },
    });
    expect(phaseOf(refused.key)).toBe(3);
    // No reason given; the search not open: nothing about searching.
    expect(withExternal(profile({ can_search: false }), [external("rejected", { rejection_reason: null })]).text).toBe(
      "Ton établissement n'a pas validé ton stage chez Boulangerie Martin. Tu peux le déclarer à nouveau en corrigeant ce qui manque.",
    );
  });

  it("tells the latest refusal only while the pupil has not moved on", () => {
    const older = external("rejected", { id: "e1", host_name: "Garage Dupont", decided_at: "2027-01-03T10:00:00Z" });
    expect(withExternal(profile(), [older, external("rejected")]).text).toContain("chez Boulangerie Martin");
    // Declared again: the school's answer is awaited.
    expect(withExternal(profile(), [external("rejected"), external("declared", { declared_at: "2027-01-06T10:00:00Z" })]).key).toBe("elsewhere_pending");
    // An application sent after the refusal: the pupil searches here now.
    const since = { ...application("submitted"), submitted_at: "2027-01-06T10:00:00Z" };
    expect(withExternal(profile(), [external("rejected")], [since]).key).toBe("wait_answer");
    // One sent before it does not hide it.
    expect(withExternal(profile(), [external("rejected")], [application("submitted")]).key).toBe("elsewhere_rejected");
    // An internship under way here says more.
    expect(withExternal(profile(), [external("rejected")], [application("accepted")]).key).toBe("confirm");
    // The parents' consent stays the step to take, the refusal told in the same card.
    const noConsent = profile({ can_search: false, blocked: { code: "CONSENT_REQUIRED", message: "" } });
    expect(withExternal(noConsent, [external("rejected")])).toMatchObject({
      key: "consent",
      text: expect.stringMatching(
        /^Ton établissement n'a pas validé ton stage chez Boulangerie Martin : La convention n'est pas signée par l'organisme\. Tu peux le déclarer à nouveau en corrigeant ce qui manque\. Tes parents/,
      ),
      action: { label: "Voir ma déclaration", to: "/eleve/stage-hors-plateforme" },
    });
    expect(withExternal(noConsent, [])).not.toHaveProperty("action");
  });

  it("waits for the school while a declaration is pending, and says the internship is found once validated", () => {
    const pending = withExternal(emptyCvProfile, [external("declared")]);
    expect(pending).toMatchObject({ key: "elsewhere_pending", action: { to: "/eleve/stage-hors-plateforme" } });
    expect(pending.text).toContain("Tu as déclaré ton stage chez Boulangerie Martin");
    const found = withExternal(emptyCvProfile, [external("rejected", { id: "e0" }), external("validated")]);
    expect(found).toMatchObject({ key: "found_elsewhere", title: "Ton stage est trouvé" });
    expect(phaseOf(found.key)).toBe(5);
  });
});

describe("helpers", () => {
  it("reads a CV of blanks as empty", () => {
    expect(cvIsEmpty({ interests: " ", skills: "", languages: "\n", activities: "" })).toBe(true);
    expect(cvIsEmpty({ ...emptyCv, languages: "Anglais" })).toBe(false);
  });

  it("writes a deadline with its countdown", () => {
    expect(deadlineText("2027-02-01T09:00:00Z", now)).toBe("le 1er février 2027 (dans 24 jours)");
    expect(deadlineText("2027-01-08T08:00:00Z", now)).toBe("aujourd'hui (8 janvier 2027)");
  });
});

describe("phaseOf", () => {
  it("places each step on the journey", () => {
    expect([phaseOf("choose_class"), phaseOf("consent"), phaseOf("search"), phaseOf("confirm"), phaseOf("sign"), phaseOf("attestation")]).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(phases).toHaveLength(6);
  });
});
