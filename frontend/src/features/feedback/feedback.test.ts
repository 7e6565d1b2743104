import { describe, expect, it } from "vitest";
import { answeredText, byClass, draftOf, draftProblems, feedbackNudge, rateText, recommendText, sortQuality, unanswered } from "./feedback";
import type { ClassFeedback, FeedbackQuestion, HostQuality } from "./queries";
import { readableSides, writerSide } from "./AssessmentsSection";

const question = (over: Partial<FeedbackQuestion> = {}): FeedbackQuestion => ({
  application_id: "a1",
  offer_id: "o1",
  offer_title: "Atelier menuiserie",
  organisation_name: "Menuiserie Martin",
  asked_at: "2027-01-23T08:00:00Z",
  submitted_at: null,
  observed: "",
  recommend: null,
  jobs: "",
  for_class: "",
  ...over,
});

const row = (over: Partial<ClassFeedback>): ClassFeedback => ({
  ...question(),
  pupil_id: "p1",
  pupil_first_name: "Lina",
  pupil_last_name: "Benali",
  class_name: "3e A",
  ...over,
});

const host = (over: Partial<HostQuality>): HostQuality => ({
  organisation_id: over.name ?? "x",
  name: "x",
  is_public: false,
  offers: 1,
  placements: 0,
  cancellations: 0,
  absences: 0,
  answers: 0,
  recommend_rate: null,
  ...over,
});

describe("the pupil's questions", () => {
  it("nudges only while a question waits, with tu and who reads what", () => {
    expect(feedbackNudge([])).toBeNull();
    expect(feedbackNudge([question({ submitted_at: "2027-01-24T10:00:00Z" })])).toBeNull();
    const nudge = feedbackNudge([question()]);
    expect(nudge?.title).toBe("Raconte ton stage");
    expect(nudge?.text).toContain("Ton stage chez Menuiserie Martin est terminé : réponds à 4 questions");
    expect(nudge?.text).toContain("Ton professeur lit tes réponses ; l'organisme ne voit qu'un résumé sans ton nom.");
    const two = feedbackNudge([question(), question({ application_id: "a2", organisation_name: "Mairie de Saint-Étienne" })]);
    expect(two?.title).toBe("Raconte tes stages");
    expect(two?.text).toContain("chez Menuiserie Martin et Mairie de Saint-Étienne");
    expect(two?.text).toContain("2 courts questionnaires");
  });

  it("lists the unanswered ones, oldest first", () => {
    const later = question({ application_id: "a2", asked_at: "2027-03-01T08:00:00Z" });
    const done = question({ application_id: "a3", submitted_at: "2027-02-01T08:00:00Z" });
    expect(unanswered([later, done, question()]).map((q) => q.application_id)).toEqual(["a1", "a2"]);
  });

  it("checks the form as the server does: something observed, yes or no chosen", () => {
    expect(draftOf(question())).toEqual({ observed: "", recommend: "", jobs: "", for_class: "" });
    expect(draftOf(question({ recommend: false, observed: "Le bois" })).recommend).toBe("no");
    expect(Object.keys(draftProblems(draftOf(question())))).toEqual(["observed", "recommend"]);
    expect(draftProblems({ observed: "  ab ", recommend: "yes", jobs: "", for_class: "" }).observed).toMatch(/3 à 2 000 caractères/);
    expect(draftProblems({ observed: "Les machines", recommend: "yes", jobs: "x".repeat(501), for_class: "" })).toEqual({ jobs: "500 caractères au plus." });
    expect(draftProblems({ observed: "Les machines", recommend: "no", jobs: "Menuisier", for_class: "" })).toEqual({});
    expect([recommendText(true), recommendText(false), recommendText(null)]).toEqual(["Oui", "Non", "—"]);
  });
});

describe("the school's answers", () => {
  it("groups by class, pupils by name, and counts the answers in good French", () => {
    const rows = [
      row({ class_name: "3e B", pupil_last_name: "Zola" }),
      row({ class_name: "3e A", pupil_last_name: "Martin", submitted_at: "2027-01-24T10:00:00Z" }),
      row({ class_name: "3e A", pupil_last_name: "Éluard" }),
    ];
    const groups = byClass(rows);
    expect(groups.map(([c]) => c)).toEqual(["3e A", "3e B"]);
    expect(groups[0][1].map((r) => r.pupil_last_name)).toEqual(["Éluard", "Martin"]);
    expect(answeredText(groups[0][1])).toBe("1 réponse");
    expect(answeredText([...groups[0][1], ...groups[1][1]].map((r) => ({ ...r, submitted_at: "2027-01-24T10:00:00Z" })))).toBe("3 réponses");
  });
});

describe("rates and the quality table", () => {
  it("shows a rate with a decimal comma, or why there is none", () => {
    expect(rateText(83.3, 6)).toBe("83,3 %");
    expect(rateText(null, 3)).toBe("moins de 5 réponses");
    expect(rateText(null, 0)).toBe("aucune réponse");
  });

  it("sorts by any column, hosts without a rate last", () => {
    const rows = [
      host({ name: "Bâtiment", recommend_rate: 60, answers: 5 }),
      host({ name: "Atelier", answers: 2 }),
      host({ name: "Crèche", recommend_rate: 90, answers: 8 }),
    ];
    expect(sortQuality(rows, { key: "name", descending: false }).map((r) => r.name)).toEqual(["Atelier", "Bâtiment", "Crèche"]);
    expect(sortQuality(rows, { key: "recommend_rate", descending: true }).map((r) => r.name)).toEqual(["Crèche", "Bâtiment", "Atelier"]);
    expect(sortQuality(rows, { key: "recommend_rate", descending: false }).map((r) => r.name)).toEqual(["Bâtiment", "Crèche", "Atelier"]);
    expect(sortQuality(rows, { key: "answers", descending: true }).map((r) => r.name)).toEqual(["Crèche", "Bâtiment", "Atelier"]);
  });
});

describe("the week's words", () => {
  it("lets the host write the host's side and read only it; the school writes its own and reads both", () => {
    expect(writerSide("host")).toBe("host");
    expect(writerSide("school")).toBe("school");
    expect(writerSide("school_signer")).toBe("school");
    expect(writerSide("pupil")).toBeNull();
    expect(readableSides("host")).toEqual(["host"]);
    expect(readableSides("pupil")).toEqual(["host", "school"]);
  });
});
