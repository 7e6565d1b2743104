import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { FavouriteButton } from "./FavouriteButton";
import { FavouritesPage } from "./FavouritesPage";
import { weekText } from "../../dates";
import { availabilityText, favouriteWeekText } from "./labels";
import type { FavouriteOffer } from "./queries";

const person = (role: string) => ({
  id: "p1",
  email: "ines@exemple.fr",
  phone: null,
  role,
  first_name: "Inès",
  last_name: "Moreau",
  confirmed: true,
  created_at: "2026-09-01T08:00:00Z",
  totp_enabled: false,
  totp_required: false,
});

function signedInAs(role: string) {
  server.use(http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, user: person(role) })));
}

const favourite = (over: Partial<FavouriteOffer>): FavouriteOffer => ({
  offer_id: "o1",
  title: "Découvrir l'électricité",
  organisation_name: "Atelier Lumière",
  city: "Saint-Étienne",
  postal_code: "42000",
  sector_id: "s10",
  sector_name: "Bâtiment et travaux publics (BTP)",
  weeks: [{ week: "2099-W03", places_left: 2 }],
  places_left: 2,
  availability: "open",
  starred_at: "2026-12-01T08:00:00Z",
  grade_family: "college",
  rep_only: false,
  reserved: false,
  distance_km: null,
  ...over,
});

describe("favourites' words", () => {
  it("say in French whether the pupil may still apply", () => {
    expect(availabilityText({ availability: "open", places_left: 1 })).toBe("Ouverte · 1 place");
    expect(availabilityText({ availability: "open", places_left: 3 })).toBe("Ouverte · 3 places");
    expect(availabilityText({ availability: "full", places_left: 0 })).toBe("Complète");
    expect(availabilityText({ availability: "past", places_left: 0 })).toBe("Semaines passées");
    expect(availabilityText({ availability: "withdrawn", places_left: 2 })).toBe("Retirée par l'organisme");
  });

  it("write each week with its places, full or begun", () => {
    expect(favouriteWeekText({ week: "2027-W05", places_left: 2 }, "2027-01-18")).toBe("semaine du 1er février 2027 : 2 places");
    expect(favouriteWeekText({ week: "2027-W05", places_left: 0 }, "2027-01-18")).toBe("semaine du 1er février 2027 : complète");
    expect(favouriteWeekText({ week: "2027-W05", places_left: 2 }, "2027-02-01")).toBe("semaine du 1er février 2027 : commencée");
    expect(favouriteWeekText({ week: "2027-W05", places_left: 2 }, "2027-01-18", "withdrawn")).toBe("semaine du 1er février 2027");
  });
});

describe("FavouritesPage", () => {
  it("lists each favourite with its state; only an open one leads to applying, a withdrawn one has no page", async () => {
    signedInAs("student");
    server.use(
      http.get("*/api/v1/pupils/me/favourites", () =>
        HttpResponse.json([
          favourite({ offer_id: "o1", title: "Électricité", availability: "open", places_left: 3, rep_only: true, reserved: true, distance_km: 2.5 }),
          favourite({ offer_id: "o2", title: "Boulangerie", availability: "full", places_left: 0, weeks: [{ week: "2099-W03", places_left: 0 }] }),
          favourite({ offer_id: "o3", title: "Mairie", availability: "past", places_left: 0, weeks: [{ week: "2020-W03", places_left: 1 }] }),
          favourite({ offer_id: "o4", title: "Garage", availability: "withdrawn" }),
        ]),
      ),
    );
    renderAt("/eleve/favoris", <FavouritesPage />);
    expect(await screen.findByText("4 offres gardées", { exact: false })).toBeInTheDocument();
    const items = screen.getAllByRole("listitem").filter((li) => li.querySelector("h2"));
    expect(items).toHaveLength(4);
    const [open, full, past, withdrawn] = items.map((li) => within(li));

    expect(open.getByRole("link", { name: "Électricité" })).toHaveAttribute("href", "/offres/o1");
    expect(open.getByText("Ouverte · 3 places")).toBeInTheDocument();
    // As in the search: how far from the school, and for whom the offer is kept.
    expect(open.getByText("Atelier Lumière · Saint-Étienne (42000) · à 2,5 km")).toBeInTheDocument();
    expect(open.getByText("Réservée aux élèves de l'éducation prioritaire")).toBeInTheDocument();
    expect(open.getByText("Réservée à ton collège")).toBeInTheDocument();
    expect(full.getByText("Atelier Lumière · Saint-Étienne (42000)")).toBeInTheDocument();
    expect(full.queryByText(/Réservée/)).not.toBeInTheDocument();
    expect(open.getByText("Bâtiment et travaux publics (BTP)")).toBeInTheDocument();
    expect(open.getByText(`${weekText("2099-W03")} : 2 places`)).toBeInTheDocument();
    expect(open.getByRole("link", { name: "Voir l'offre et postuler : « Électricité »" })).toHaveAttribute("href", "/offres/o1");

    expect(full.getByText("Complète")).toBeInTheDocument();
    expect(full.getByText(`${weekText("2099-W03")} : complète`)).toBeInTheDocument();
    expect(full.queryByRole("link", { name: /postuler/ })).not.toBeInTheDocument();
    expect(past.getByText("Semaines passées")).toBeInTheDocument();
    expect(past.getByText(/commencée$/)).toBeInTheDocument();
    expect(past.queryByRole("link", { name: /postuler/ })).not.toBeInTheDocument();
    expect(withdrawn.getByText("Retirée par l'organisme")).toBeInTheDocument();
    expect(withdrawn.getByRole("heading", { name: "Garage" })).toBeInTheDocument();
    expect(withdrawn.queryByRole("link")).not.toBeInTheDocument();
    expect(withdrawn.getByText(/L'organisme ne propose plus cette offre/)).toBeInTheDocument();
    // Its places no longer mean anything: its weeks alone.
    expect(withdrawn.getByText(weekText("2099-W03"))).toBeInTheDocument();
  });

  it("removes a favourite at once, says so and keeps the focus on the page", async () => {
    signedInAs("student");
    let list = [favourite({ offer_id: "o1", title: "Électricité" }), favourite({ offer_id: "o2", title: "Boulangerie" })];
    const deleted: string[] = [];
    server.use(
      http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json(list)),
      http.delete("*/api/v1/pupils/me/favourites/:offerId", ({ params }) => {
        deleted.push(String(params.offerId));
        list = list.filter((f) => f.offer_id !== params.offerId);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt("/eleve/favoris", <FavouritesPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Retirer de mes favoris : « Électricité »" }));
    expect(screen.queryByRole("link", { name: "Électricité" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Mes favoris" })).toHaveFocus();
    expect(await screen.findByText("« Électricité » est retirée de tes favoris.")).toBeInTheDocument();
    expect(deleted).toEqual(["o1"]);
    expect(screen.getByRole("link", { name: "Boulangerie" })).toBeInTheDocument();
  });

  it("with no favourite yet, says how to star one and links to the search", async () => {
    signedInAs("student");
    server.use(http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json([])));
    renderAt("/eleve/favoris", <FavouritesPage />);
    expect(await screen.findByRole("heading", { name: "Tu n'as aucun favori pour l'instant" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Chercher un stage" })).toHaveAttribute("href", "/offres");
  });

  it("shows the server's message when the list cannot be read", async () => {
    signedInAs("student");
    server.use(
      http.get("*/api/v1/pupils/me/favourites", () =>
        HttpResponse.json({ code: "INTERNAL", message: "Une erreur est survenue. Réessaie plus tard." }, { status: 500 }),
      ),
    );
    renderAt("/eleve/favoris", <FavouritesPage />);
    expect(await screen.findByText("Une erreur est survenue. Réessaie plus tard.")).toBeInTheDocument();
  });

  it("tells an adult that favourites are for pupils, without asking the server", async () => {
    signedInAs("employer");
    renderAt("/eleve/favoris", <FavouritesPage />);
    expect(await screen.findByText(/Les favoris sont réservés aux élèves/)).toBeInTheDocument();
  });
});

describe("FavouriteButton", () => {
  it("a pupil stars an offer: the button is pressed at once and its name says how to undo it", async () => {
    signedInAs("student");
    let list: FavouriteOffer[] = [];
    server.use(
      http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json(list)),
      http.put("*/api/v1/pupils/me/favourites/:offerId", () => {
        list = [favourite({ offer_id: "o1" })];
        return HttpResponse.json(list[0], { status: 201 });
      }),
    );
    renderAt("/offres", <FavouriteButton offerId="o1" title="Découvrir l'électricité" />);
    const star = await screen.findByRole("button", { name: "Ajouter « Découvrir l'électricité » à mes favoris" });
    expect(star).toHaveAttribute("aria-pressed", "false");
    expect(star).toHaveClass("fr-icon-star-line");
    await userEvent.click(star);
    const pressed = await screen.findByRole("button", { name: "Retirer « Découvrir l'électricité » de mes favoris" });
    expect(pressed).toHaveAttribute("aria-pressed", "true");
    expect(pressed).toHaveClass("fr-icon-star-fill");
    await waitFor(() => expect(list).toHaveLength(1));
  });

  it("a second tap while the first is on its way is kept, and the server gets both in order", async () => {
    signedInAs("student");
    let list: FavouriteOffer[] = [favourite({ offer_id: "o1" })];
    const calls: string[] = [];
    let releaseDelete: () => void = () => {};
    server.use(
      http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json(list)),
      http.delete("*/api/v1/pupils/me/favourites/:offerId", async () => {
        calls.push("DELETE");
        // The unstar is slow to answer: the pupil taps again meanwhile.
        await new Promise<void>((r) => (releaseDelete = r));
        list = [];
        return new HttpResponse(null, { status: 204 });
      }),
      http.put("*/api/v1/pupils/me/favourites/:offerId", () => {
        calls.push("PUT");
        list = [favourite({ offer_id: "o1" })];
        return HttpResponse.json(list[0], { status: 201 });
      }),
    );
    renderAt("/offres/o1", <FavouriteButton offerId="o1" title="Découvrir l'électricité" variant="text" />);
    await userEvent.click(await screen.findByRole("button", { name: "Retirer de mes favoris" }));
    await userEvent.click(await screen.findByRole("button", { name: "Ajouter à mes favoris" }));
    expect(screen.getByRole("button", { name: "Retirer de mes favoris" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(calls).toEqual(["DELETE"]));
    releaseDelete();
    await waitFor(() => expect(calls).toEqual(["DELETE", "PUT"]));
    await waitFor(() => expect(list).toHaveLength(1));
    expect(await screen.findByRole("link", { name: "mes favoris" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Retirer de mes favoris" })).toHaveAttribute("aria-pressed", "true");
  });

  it("the offer page's button is labelled and links to the list once starred; a refusal is told and undone", async () => {
    signedInAs("student");
    server.use(
      http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json([])),
      http.put("*/api/v1/pupils/me/favourites/:offerId", () =>
        HttpResponse.json(
          { code: "TOO_MANY_FAVOURITES", message: "Tu as déjà 100 offres en favoris : retire celles qui ne t'intéressent plus pour en ajouter d'autres." },
          { status: 409 },
        ),
      ),
    );
    renderAt("/offres/o1", <FavouriteButton offerId="o1" title="Découvrir l'électricité" variant="text" />);
    await userEvent.click(await screen.findByRole("button", { name: "Ajouter à mes favoris" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Tu as déjà 100 offres en favoris");
    expect(screen.getByRole("button", { name: "Ajouter à mes favoris" })).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryByRole("link", { name: "mes favoris" })).not.toBeInTheDocument();
  });

  it("shows a starred offer as such, with a link to the list", async () => {
    signedInAs("student");
    server.use(http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json([favourite({ offer_id: "o1" })])));
    renderAt("/offres/o1", <FavouriteButton offerId="o1" title="Découvrir l'électricité" variant="text" />);
    expect(await screen.findByRole("button", { name: "Retirer de mes favoris" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("link", { name: "mes favoris" })).toHaveAttribute("href", "/eleve/favoris");
  });

  it.each([
    ["a visitor", null],
    ["a host", "employer"],
    ["a school's staff", "school_staff"],
  ])("is not shown to %s (and the favourites are not asked for)", async (_who, role) => {
    let answered = false;
    server.use(
      http.post("*/api/v1/auth/refresh", () => {
        answered = true;
        return role
          ? HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, user: person(role) })
          : HttpResponse.json({ code: "SESSION_EXPIRED", message: "Votre session a expiré." }, { status: 401 });
      }),
    );
    // An unplanned request (the favourites) would fail the test (src/test/setup.ts).
    renderAt("/offres", <FavouriteButton offerId="o1" title="Découvrir l'électricité" />);
    await waitFor(() => expect(answered).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
