import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { renderAt } from "../../test/render";
import { server } from "../../test/server";
import { OrganisationFeedbackPage } from "./OrganisationFeedbackPage";
import { PupilFeedbackPage } from "./PupilFeedbackPage";

const question = {
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
};

describe("PupilFeedbackPage", () => {
  it("says what is missing, then sends the four answers and thanks the pupil", async () => {
    let sent: unknown = null;
    server.use(
      http.get("*/api/v1/me/feedback", () => HttpResponse.json([question])),
      http.put("*/api/v1/me/feedback/a1", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ...question, ...(sent as object), submitted_at: "2027-01-24T10:00:00Z" });
      }),
    );
    renderAt("/eleve/retours", <PupilFeedbackPage />);
    expect(await screen.findByRole("heading", { level: 2, name: "Ton stage chez Menuiserie Martin" })).toBeInTheDocument();
    expect(screen.getByText(/L'organisme qui t'a accueilli ne voit jamais ton nom/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Envoyer mes réponses" }));
    expect(screen.getByText(/Raconte en quelques mots ce que tu as observé/)).toBeInTheDocument();
    expect(screen.getByText("Choisis « Oui » ou « Non ».")).toBeInTheDocument();
    expect(sent).toBeNull();

    await userEvent.type(screen.getByLabelText(/Qu'as-tu observé/), "Le travail du bois et la sécurité");
    await userEvent.click(screen.getByLabelText("Oui"));
    await userEvent.type(screen.getByLabelText(/Quels métiers as-tu découverts/), "Menuisier, ébéniste");
    await userEvent.click(screen.getByRole("button", { name: "Envoyer mes réponses" }));
    expect(await screen.findByText("Merci ! Tes réponses sont envoyées à ton professeur.")).toBeInTheDocument();
    expect(sent).toEqual({ observed: "Le travail du bois et la sécurité", recommend: true, jobs: "Menuisier, ébéniste", for_class: "" });
  });

  it("tells a pupil without a finished internship when the questionnaire comes", async () => {
    server.use(http.get("*/api/v1/me/feedback", () => HttpResponse.json([])));
    renderAt("/eleve/retours", <PupilFeedbackPage />);
    expect(await screen.findByText(/il arrive le lendemain du dernier jour de ton stage/)).toBeInTheDocument();
  });
});

describe("OrganisationFeedbackPage", () => {
  const offers = [{ offer_id: "o1", title: "Atelier menuiserie", placements: 3, cancellations: 1, absences: 2, answers: 3, recommend_rate: null }];

  it("shows nothing of what pupils said under 5 answers, and says why", async () => {
    server.use(
      http.get("*/api/v1/organisations/org1", () => HttpResponse.json({ id: "org1", name: "Menuiserie Martin" })),
      http.get("*/api/v1/organisations/org1/feedback", () =>
        HttpResponse.json({ school_year: "2026-2027", answers: 3, min_answers: 5, recommend_rate: null, observed: [], jobs: [], offers }),
      ),
    );
    renderAt("/organismes/org1/retours", <OrganisationFeedbackPage />, "/organismes/:orgId/retours");
    expect(await screen.findByText(/3 élèves ont répondu pour l'instant : il faut au moins 5 réponses/)).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "moins de 5 réponses" })).toBeInTheDocument();
  });

  it("shows the rate and the anonymous words from 5 answers on", async () => {
    server.use(
      http.get("*/api/v1/organisations/org1", () => HttpResponse.json({ id: "org1", name: "Menuiserie Martin" })),
      http.get("*/api/v1/organisations/org1/feedback", () =>
        HttpResponse.json({
          school_year: "2026-2027",
          answers: 6,
          min_answers: 5,
          recommend_rate: 83.3,
          observed: ["Les machines", "Le bois"],
          jobs: ["Ébéniste"],
          offers: [{ ...offers[0], answers: 6, recommend_rate: 83.3 }],
        }),
      ),
    );
    renderAt("/organismes/org1/retours", <OrganisationFeedbackPage />, "/organismes/:orgId/retours");
    expect(await screen.findByText("Les machines")).toBeInTheDocument();
    expect(screen.getAllByText("83,3 %")).toHaveLength(2);
    expect(screen.getByText("Ébéniste")).toBeInTheDocument();
  });
});
