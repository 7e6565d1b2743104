import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { ApplicationPage } from "./ApplicationPage";

const application = (over: Record<string, unknown> = {}) => ({
  id: "a1",
  offer_id: "o1",
  offer_title: "Découvrir la menuiserie",
  organisation_id: "",
  status: "read",
  weeks: ["2027-W03"],
  pupil_first_name: "Léa",
  pupil_last_name: "Benali",
  school_name: "Collège Jean-Baptiste Say",
  class_name: "3e A",
  motivation: "J'aime le bois.",
  cv: { interests: "", skills: "", languages: "", activities: "" },
  far_from_home: false,
  travel_message_sent: false,
  submitted_at: "2026-12-01T08:00:00Z",
  read_at: "2026-12-01T09:00:00Z",
  expires_at: "2026-12-16T08:00:00Z",
  agreement_waiting_for: [],
  ...over,
});

/** The host's application page; the application is refused once the API has been asked to. */
function renderApplication() {
  const sent: unknown[] = [];
  server.use(
    http.get("*/api/v1/applications/:id", () => HttpResponse.json(application(sent.length ? { status: "rejected", reason: "Plus de place." } : {}))),
    http.post("*/api/v1/applications/:id/reject", async ({ request }) => {
      sent.push(await request.json());
      return HttpResponse.json({});
    }),
  );
  renderAt("/candidatures/a1", <ApplicationPage />, "/candidatures/:applicationId");
  return sent;
}

describe("refusing an application (host)", () => {
  it("opens the reason on « Refuser » and closes it on Escape, giving the focus back to the button", async () => {
    renderApplication();
    const user = userEvent.setup();
    const refuse = await screen.findByRole("button", { name: "Refuser la candidature de Léa Benali" });
    refuse.focus();
    await user.keyboard("{Enter}");
    const reason = screen.getByLabelText(/^Motif du refus/);
    expect(reason).toHaveFocus();
    await user.type(reason, "Plus de");
    await user.keyboard("{Escape}");
    expect(screen.queryByLabelText(/^Motif du refus/)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Refuser la candidature de Léa Benali" })).toHaveFocus();
    // "Annuler" does the same.
    await user.keyboard("{Enter}");
    await user.click(screen.getByRole("button", { name: "Annuler" }));
    expect(screen.getByRole("button", { name: "Refuser la candidature de Léa Benali" })).toHaveFocus();
  });

  it("sends the reason, then puts the focus on the outcome once the form has left the page", async () => {
    const sent = renderApplication();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Refuser la candidature de Léa Benali" }));
    await user.type(screen.getByLabelText(/^Motif du refus/), "Plus de place.");
    await user.click(screen.getByRole("button", { name: "Confirmer le refus de la candidature de Léa Benali" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Candidature de Léa Benali refusée");
    expect(sent).toEqual([{ reason: "Plus de place." }]);
    // The application is read again: refused, nothing left to answer; the focus is not lost on the page's body.
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Répondre" })).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole("status").parentElement).toHaveFocus());
  });
});
