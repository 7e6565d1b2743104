import { fireEvent, screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { SchoolYearsPage } from "./SchoolYearsPage";

const year = (label: string, closed: string | null) => ({
  school_year: label,
  seconde_weeks: [],
  set_by_admin: false,
  updated_at: null,
  starts_on: `${label.slice(0, 4)}-09-01`,
  ends_on: `${label.slice(5)}-06-30`,
  closed_at: closed,
});
const phase = { opens_at: null, opens_at_utc: null, opens_at_text: null, open: true };
const report = (dry: boolean) => ({
  school_year: "2026-2027",
  dry_run: dry,
  already_closed: false,
  applications_closed: 12,
  classes_archived: 3,
  pupils_anonymised: 0,
  hosts_invited: 4,
  offers_to_renew: 9,
});

describe("SchoolYearsPage", () => {
  it("previews the year switch, then closes the year on confirmation", async () => {
    const asked: boolean[] = [];
    server.use(
      http.get("*/api/v1/school-years", () => HttpResponse.json([year("2027-2028", null), year("2026-2027", null)])),
      http.get("*/api/v1/campaigns/:year", () =>
        HttpResponse.json(
          ["college", "lycee"].map((f) => ({
            school_year: "2027-2028",
            grade_family: f,
            hosts_publish: phase,
            pupils_search: phase,
            pupils_apply: phase,
            offers_published: 0,
            now_utc: "2027-07-10T08:00:00",
          })),
        ),
      ),
      http.post("*/api/v1/admin/school-years/:year/close", async ({ request }) => {
        const body = (await request.json()) as { dry_run: boolean };
        asked.push(body.dry_run);
        return HttpResponse.json(report(body.dry_run));
      }),
    );
    renderAt("/admin/annees", <SchoolYearsPage />);
    expect(await screen.findByRole("table", { name: "Années scolaires" })).toBeInTheDocument();
    fireEvent.change(await screen.findByLabelText("Année à gérer"), { target: { value: "2026-2027" } });
    fireEvent.click(await screen.findByRole("button", { name: "Simuler la clôture" }));
    expect(await screen.findByText("12 candidatures en cours closes, avec un message pour l'élève")).toBeInTheDocument();
    expect(screen.getByText("4 organismes invités par courriel à renouveler 9 offres")).toBeInTheDocument();
    expect(asked).toEqual([true]);
    fireEvent.click(screen.getByRole("button", { name: "Clore l'année 2026-2027" }));
    expect(await screen.findByText("Année 2026-2027 close :")).toBeInTheDocument();
    expect(asked).toEqual([true, false]);
  });

  it("shows a refused date next to its field", async () => {
    server.use(
      http.get("*/api/v1/school-years", () => HttpResponse.json([year("2026-2027", null)])),
      http.get("*/api/v1/campaigns/:year", () => HttpResponse.json([])),
      http.put("*/api/v1/admin/school-years/:year", () =>
        HttpResponse.json(
          { code: "VALIDATION_ERROR", message: "Données invalides.", fields: { ends_on: ["La fin de l'année 2026-2027 tombe entre juin et août 2027."] } },
          { status: 422 },
        ),
      ),
    );
    renderAt("/admin/annees", <SchoolYearsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Enregistrer les dates" }));
    expect(await screen.findByText("La fin de l'année 2026-2027 tombe entre juin et août 2027.")).toBeInTheDocument();
  });
});
