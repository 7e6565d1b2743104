import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { PupilHome } from "./PupilHome";

const pending = {
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
  blocked: { code: "JOIN_PENDING", message: "…" },
  join_status: "pending",
};

function answers(enrol: (body: Record<string, unknown>) => Response) {
  const sent: Record<string, unknown>[] = [];
  server.use(
    http.get("*/api/v1/pupils/me", () => HttpResponse.json(pending)),
    http.get("*/api/v1/pupils/me/applications", () => HttpResponse.json([])),
    http.get("*/api/v1/agreements", () => HttpResponse.json([])),
    http.get("*/api/v1/pupils/me/external-internships", () => HttpResponse.json([])),
    http.get("*/api/v1/campaigns/:year", () => HttpResponse.json([])),
    http.put("*/api/v1/pupils/me/enrolment", async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push(body);
      return enrol(body);
    }),
  );
  return sent;
}

describe("PupilHome, a pupil waiting for the school", () => {
  it("says the request waits, and joins at once with the class code", async () => {
    const sent = answers(() =>
      HttpResponse.json({ ...pending, can_search: false, blocked: { code: "CONSENT_REQUIRED", message: "…" }, join_status: "active" }),
    );
    renderAt("/espace", <PupilHome />);
    expect(await screen.findByText("Ta demande pour rejoindre la classe 3e A est en attente de validation par ton établissement.")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Code de classe/), "k7pm 3xqa");
    await userEvent.click(screen.getByRole("button", { name: "Rejoindre la classe" }));
    expect(await screen.findByText("C'est fait : tu as rejoint la classe 3e A.")).toBeInTheDocument();
    expect(sent).toEqual([{ class_id: "c1", join_code: "k7pm 3xqa" }]);
    expect(screen.queryByText(/est en attente de validation/)).not.toBeInTheDocument();
  });

  it("shows a wrong code at the field", async () => {
    answers(() =>
      HttpResponse.json(
        {
          code: "WRONG_JOIN_CODE",
          message: "Certains champs sont à corriger.",
          fields: { join_code: ["Ce code ne correspond pas à cette classe : vérifie-le auprès de ton professeur."] },
        },
        { status: 422 },
      ),
    );
    renderAt("/espace", <PupilHome />);
    await userEvent.type(await screen.findByLabelText(/^Code de classe/), "ABCD-EFGH");
    await userEvent.click(screen.getByRole("button", { name: "Rejoindre la classe" }));
    expect(await screen.findByText("Ce code ne correspond pas à cette classe : vérifie-le auprès de ton professeur.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Code de classe/)).toHaveAccessibleDescription(/ne correspond pas à cette classe/);
  });
});
