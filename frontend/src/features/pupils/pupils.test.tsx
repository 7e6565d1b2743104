import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { PupilProfilePage } from "./PupilProfilePage";

const profile = {
  school: {
    uai: "0750478M",
    name: "Collège Jean-Baptiste Say",
    kind: "college",
    commune_name: "Paris",
    department_code: "75",
    postal_code: "75016",
    priority_education: null,
    latitude: null,
    longitude: null,
  },
  class: { id: "c1", school_year: "2026-2027", name: "3e A", grade: "troisieme" },
  birth_date: null,
  gender: "not_stated",
  home_postal_code: null,
  contact_phone: null,
  legal_representatives: [],
  cv: { interests: "", skills: "", languages: "", activities: "" },
  consent_date: null,
  can_search: false,
  blocked: { code: "CONSENT_REQUIRED", message: "…" },
};

describe("PupilProfilePage", () => {
  it("sends the profile and CV, and shows the server's message at the field", async () => {
    let sent: Record<string, unknown> | null = null;
    server.use(
      http.get("*/api/v1/pupils/me", () => HttpResponse.json(profile)),
      http.put("*/api/v1/pupils/me/profile", async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json(
          { code: "VALIDATION_ERROR", message: "Certains champs sont à corriger.", fields: { home_postal_code: ["Code postal à 5 chiffres."] } },
          { status: 422 },
        );
      }),
    );
    renderAt("/eleve/profil", <PupilProfilePage />);
    await userEvent.type(await screen.findByLabelText(/Code postal de mon domicile/), "7501");
    await userEvent.type(screen.getByLabelText("Nom et prénom du représentant 1"), "Samia Benali");
    await userEvent.type(screen.getByLabelText(/Mes centres d'intérêt/), "Le football");
    await userEvent.click(screen.getByLabelText("Fille"));
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer mon profil" }));
    expect(await screen.findByText("Code postal à 5 chiffres.")).toBeInTheDocument();
    expect(sent).toMatchObject({
      gender: "female",
      home_postal_code: "7501",
      legal_representatives: [{ name: "Samia Benali", email: null, phone: null }],
      cv: { interests: "Le football" },
    });
  });

  it("sends a pupil without a class back to their space", async () => {
    server.use(http.get("*/api/v1/pupils/me", () => HttpResponse.json({ ...profile, school: null, class: null })));
    renderAt("/eleve/profil", <PupilProfilePage />);
    expect(await screen.findByRole("link", { name: "ton espace" })).toBeInTheDocument();
  });
});

describe("PriorityNeighbourhood", () => {
  it("records that the family lives in a QPV, and says what it opens", async () => {
    const { PriorityNeighbourhood } = await import("./PupilDetailPage");
    const sent: unknown[] = [];
    server.use(
      http.put("*/api/v1/schools/:uai/pupils/:pupilId/priority-neighbourhood", async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ lives_in_qpv: true });
      }),
    );
    renderAt(
      "/etablissement/0750478M/eleves/p1",
      <PriorityNeighbourhood uai="0750478M" pupilId="p1" livesInQpv={false} />,
      "/etablissement/:uai/eleves/:pupilId",
    );
    const box = screen.getByRole("checkbox", { name: /quartier prioritaire de la politique de la ville/ });
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    expect(await screen.findByRole("status")).toHaveTextContent("les offres réservées à l'éducation prioritaire s'ouvrent à l'élève");
    expect(sent).toEqual([{ lives_in_qpv: true }]);
  });
});
