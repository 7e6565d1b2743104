import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { SchoolHome } from "./SchoolHome";

const user = {
  id: "u1",
  email: "anne.leroy@ac-lyon.fr",
  role: "school_staff",
  staff_function: "principal",
  first_name: "Anne",
  last_name: "Leroy",
  confirmed: true,
  created_at: "2026-09-01T08:00:00Z",
  totp_enabled: false,
  totp_required: false,
};
const school = (uai: string, name: string, fn: string) => ({
  school: { uai, name, kind: "college", commune_name: "Saint-Étienne", department_code: "42", postal_code: "42000" },
  registered_at: "2026-09-01T08:00:00Z",
  search_radius_km: 30,
  national_search: false,
  splits_allowed: false,
  consent_scan_required: false,
  my_function: fn,
});
const schools = [school("0420916T", "Collège Puits de La Loire", "principal"), school("0421677V", "Collège Claude Fauriel", "teacher")];

describe("SchoolHome", () => {
  it("lets staff of several schools switch, keeping to the sections their function opens", async () => {
    server.use(
      http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, user })),
      http.get("*/api/v1/schools/mine", () => HttpResponse.json(schools)),
      http.get("*/api/v1/schools/:uai", ({ params }) => HttpResponse.json(schools.find((s) => s.school.uai === params.uai))),
      http.get("*/api/v1/schools/:uai/staff", () => HttpResponse.json([])),
      http.get("*/api/v1/schools/:uai/classes", () => HttpResponse.json([])),
      http.get("*/api/v1/schools/:uai/pupils", () => HttpResponse.json([])),
      http.get("*/api/v1/schools/:uai/join-requests", () => HttpResponse.json([])),
      http.get("*/api/v1/schools/:uai/dashboard", () => HttpResponse.json({ classes: [], without_internship: [], to_nudge: [], without_application: [] })),
      http.get("*/api/v1/agreements", () => HttpResponse.json([])),
    );
    renderAt("/etablissement/0420916T/equipe", <SchoolHome />, "/etablissement/:uai/:section?");
    expect(await screen.findByRole("heading", { level: 1, name: "Collège Puits de La Loire" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Équipe" })).toBeInTheDocument();
    // (The side menu's links need the router registered with the DSFR, as main.tsx does: here
    // the menu's entries are counted.)
    const entries = () => within(screen.getByRole("navigation", { name: "Rubriques" })).getAllByRole("listitem", { hidden: true });
    expect(entries()).toHaveLength(9);
    // In the other school this person is a teacher: no team section there, the default one opens.
    await userEvent.selectOptions(screen.getByLabelText(/^Établissement/), "0421677V");
    expect(await screen.findByRole("heading", { level: 1, name: "Collège Claude Fauriel" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { level: 2, name: /^Suivi/ })).toBeInTheDocument();
    expect(entries()).toHaveLength(4);
  });
});
