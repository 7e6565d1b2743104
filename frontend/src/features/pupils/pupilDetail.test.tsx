import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { PupilDetailPage } from "./PupilDetailPage";
import { mayReadSchoolAudit } from "./queries";

const UAI = "0750478M";
const staff = (staffFunction: string) => ({
  id: "u1",
  email: "prof@ac-paris.fr",
  first_name: "Paul",
  last_name: "Martin",
  role: "school_staff",
  staff_function: staffFunction,
});
const detail = (row: Record<string, unknown> = {}) => ({
  row: {
    user_id: "p1",
    first_name: "Léa",
    last_name: "Benali",
    class_id: "c1",
    class_name: "3e A",
    consent_date: null,
    consent_form: false,
    applications: 0,
    placed: false,
    coverage: "without",
    elsewhere_pending: false,
    split: null,
    active: true,
    grade: "troisieme",
    ...row,
  },
  legal_representatives: [],
  cv: { interests: "", skills: "", languages: "", activities: "" },
  lives_in_qpv: false,
});

/** The pupil's file as the given member of the school opens it; returns how often the audit was asked. */
function renderDetail(myFunction: string, row: Record<string, unknown> = {}) {
  const audit = { calls: 0 };
  server.use(
    http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, user: staff(myFunction) })),
    http.get("*/api/v1/schools/:uai", () =>
      HttpResponse.json({
        school: { uai: UAI, name: "Collège Jean-Baptiste Say", kind: "college", commune_name: "Paris", department_code: "75", postal_code: "75016" },
        registered_at: "2026-09-01T08:00:00Z",
        search_radius_km: 30,
        national_search: false,
        splits_allowed: false,
        consent_scan_required: false,
        can_sign_agreements: myFunction === "principal",
        my_function: myFunction,
      }),
    ),
    http.get("*/api/v1/schools/:uai/pupils/:pupilId", () => HttpResponse.json(detail(row))),
    http.get("*/api/v1/schools/:uai/pupils/:pupilId/applications", () => HttpResponse.json([])),
    http.get("*/api/v1/schools/:uai/external-internships", () => HttpResponse.json([])),
    http.get("*/api/v1/schools/:uai/classes", () => HttpResponse.json([])),
    http.get("*/api/v1/schools/:uai/weeks", () => HttpResponse.json({ college: [], lycee: [], seconde_weeks: [] })),
    http.get("*/api/v1/schools/:uai/audit", () => {
      audit.calls += 1;
      return HttpResponse.json({ items: [], total: 0, page: 1, per_page: 50 });
    }),
  );
  renderAt(`/etablissement/${UAI}/eleves/p1`, <PupilDetailPage />, "/etablissement/:uai/eleves/:pupilId");
  return audit;
}

describe("PupilDetailPage", () => {
  it("offers one file picker for the consent scan while the consent is being recorded", async () => {
    renderDetail("main_teacher");
    await userEvent.click(await screen.findByRole("button", { name: /Enregistrer l'autorisation parentale/ }));
    expect(await screen.findByLabelText(/Autorisation numérisée \(facultatif\)/)).toBeInTheDocument();
    expect(document.querySelectorAll('input[type="file"]')).toHaveLength(1);
  });

  it("lets the staff replace the scan once the consent is recorded", async () => {
    renderDetail("main_teacher", { consent_date: "2026-10-01", consent_form: true });
    expect(await screen.findByLabelText(/Remplacer l'autorisation numérisée/)).toBeInTheDocument();
    expect(document.querySelectorAll('input[type="file"]')).toHaveLength(1);
  });

  it("does not ask a teacher's browser for the audit (the API refuses it), but the principal's", async () => {
    const teacher = renderDetail("main_teacher");
    expect(await screen.findByRole("heading", { level: 1, name: "Léa Benali" })).toBeInTheDocument();
    // The school's answer (the member's function) has come: the audit would be asked by now.
    await screen.findByText("Aucune candidature pour l'instant.");
    await new Promise((r) => setTimeout(r, 50));
    expect(teacher.calls).toBe(0);
    expect(screen.queryByRole("heading", { name: /Consultations et modifications/ })).not.toBeInTheDocument();
  });

  it("shows the principal who read the pupil's data", async () => {
    const principal = renderDetail("principal");
    expect(await screen.findByRole("heading", { name: /Consultations et modifications/ })).toBeInTheDocument();
    await waitFor(() => expect(principal.calls).toBe(1));
  });

  it("knows who may read the audit: the principal, and admins outside the school's staff", () => {
    expect(mayReadSchoolAudit("school_staff", "principal")).toBe(true);
    expect(mayReadSchoolAudit("school_staff", "main_teacher")).toBe(false);
    expect(mayReadSchoolAudit("school_staff", "cpe")).toBe(false);
    expect(mayReadSchoolAudit("admin", null)).toBe(true);
    expect(mayReadSchoolAudit("referent", null)).toBe(false);
  });
});
