import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { renderAt } from "../../test/render";
import { server } from "../../test/server";
import { currentSchoolYear } from "../schools/calendar";
import { AuditPage } from "./AuditPage";
import { TargetsPage } from "./TargetsPage";

describe("TargetsPage", () => {
  it("lists the year's targets and fills the form with the one chosen; saving sends it", async () => {
    const year = currentSchoolYear();
    let saved: { path: string; body: unknown } | null = null;
    server.use(
      http.get("*/api/v1/reference/departments", () => HttpResponse.json([{ code: "93", name: "Seine-Saint-Denis" }])),
      http.get("*/api/v1/ministries", () => HttpResponse.json([{ id: "culture", name: "Culture" }])),
      http.get("*/api/v1/admin/targets/:year", ({ params }) =>
        HttpResponse.json(
          params.year === year
            ? [
                { kind: "department", code: "93", label: "Seine-Saint-Denis", target_total: 1200, target_public: 400, target_private: 800 },
                { kind: "ministry", code: "culture", label: "Culture", target_total: 35, target_public: 35, target_private: 0 },
              ]
            : [],
        ),
      ),
      http.put("*/api/v1/admin/targets/:year/:kind/:code", async ({ request, params }) => {
        saved = { path: `${params.year}/${params.kind}/${params.code}`, body: await request.json() };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt("/admin/objectifs", <TargetsPage />);
    const departments = await screen.findByRole("table", { name: `Départements, ${year}` });
    expect(within(departments).getByRole("row", { name: /93 – Seine-Saint-Denis/ })).toHaveTextContent("1 200");

    await userEvent.click(screen.getByRole("button", { name: "Modifier l'objectif du département Seine-Saint-Denis" }));
    expect(screen.getByRole("heading", { level: 2, name: `Modifier l'objectif ${year}` })).toHaveFocus();
    expect(screen.getByLabelText("Département", { selector: "select" })).toHaveValue("93");
    expect(screen.getByLabelText(/^Offres attendues/)).toHaveValue("1200");
    expect(screen.getByText("Objectif en vigueur : 1 200 offres, dont 400 publiques et 800 privées.")).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText(/^Offres attendues/));
    await userEvent.type(screen.getByLabelText(/^Offres attendues/), "1300");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer l'objectif" }));
    expect(await screen.findByText(`Objectif ${year} enregistré pour Seine-Saint-Denis : 1 300 offres.`)).toBeInTheDocument();
    expect(saved).toEqual({
      path: `${year}/department/93`,
      body: { label: "Seine-Saint-Denis", target_total: 1300, target_public: 400, target_private: 800 },
    });
  });
});

describe("AuditPage", () => {
  it("shows each change in French, newest first, with its page", async () => {
    server.use(
      http.get("*/api/v1/admin/audit", ({ request }) =>
        HttpResponse.json({
          items: [
            { at: "2027-02-01T13:05:00Z", actor_id: "u1", actor_name: "Claire Bernard", method: "POST", path: "/api/v1/admin/offers/o-1/restore", status: 200 },
            { at: "2027-01-31T09:00:00Z", actor_id: "u1", actor_name: "Claire Bernard", method: "PUT", path: "/api/v1/admin/platform-mode", status: 200 },
            {
              at: "2027-01-30T09:00:00Z",
              actor_id: "u1",
              actor_name: "Claire Bernard",
              method: "PUT",
              path: "/api/v1/admin/targets/2026-2027/ministry/m-armees",
              status: 200,
            },
          ],
          total: 120,
          page: Number(new URL(request.url).searchParams.get("page")),
          per_page: 50,
        }),
      ),
    );
    server.use(
      http.get("*/api/v1/admin/audit/actors", () => HttpResponse.json([])),
      http.get("*/api/v1/ministries", () => HttpResponse.json([{ id: "m-armees", name: "Ministère des Armées" }])),
    );
    renderAt("/admin/journal?page=2", <AuditPage />);
    const table = await screen.findByRole("table", { name: "Actions des administrateurs, page 2 sur 3" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Offre rétablieoffre o-11er février 2027 à 14:05Claire Bernard");
    expect(within(rows[0]).getByRole("link", { name: "offre o-1" })).toHaveAttribute("href", "/offres/o-1");
    expect(rows[1]).toHaveTextContent("Mode de la plateforme changé");
    expect(await within(rows[2]).findByText("Ministère des Armées, année 2026-2027")).toBeInTheDocument();
    expect(screen.getByText("120 actions enregistrées (page 2 sur 3, 50 par page).")).toBeInTheDocument();
  });
  it("filters by kind, admin and days from the address, and a filter sent changes the address", async () => {
    const asked: Record<string, string>[] = [];
    server.use(
      http.get("*/api/v1/admin/audit/actors", () =>
        HttpResponse.json([
          { id: "u2", name: "Paul Durand", actions: 4, still_admin: true },
          { id: "u3", name: "Anne Leroy", actions: 2, still_admin: false },
        ]),
      ),
      http.get("*/api/v1/ministries", () => HttpResponse.json([])),
      http.get("*/api/v1/admin/audit", ({ request }) => {
        const q = Object.fromEntries(new URL(request.url).searchParams);
        asked.push(q);
        if (q.from && q.to && q.from > q.to)
          return HttpResponse.json(
            { code: "VALIDATION_ERROR", message: "Vérifiez les champs.", fields: { to: ["La fin précède le début."] } },
            { status: 422 },
          );
        return HttpResponse.json({ items: [], total: 0, page: 1, per_page: 50 });
      }),
    );
    renderAt("/admin/journal?type=comptes&du=2027-02-01", <AuditPage />);
    expect(
      await screen.findByText("Aucune action enregistrée : « Comptes (création, suspension, double authentification) », depuis le 1er février 2027."),
    ).toBeInTheDocument();
    expect(asked.at(-1)).toEqual({ page: "1", path_prefix: "/api/v1/admin/users", from: "2027-02-01" });
    expect(screen.getByLabelText("Type d'action")).toHaveValue("comptes");

    await screen.findByRole("option", { name: "Paul Durand" });
    expect(screen.getByRole("option", { name: "Anne Leroy (ancien administrateur)" })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Administrateur"), "u2");
    await userEvent.type(screen.getByLabelText(/^Au/), "2027-01-15");
    await userEvent.click(screen.getByRole("button", { name: "Filtrer" }));
    expect(await screen.findByText("La fin précède le début.")).toBeInTheDocument();
    expect(asked.at(-1)).toEqual({ page: "1", path_prefix: "/api/v1/admin/users", actor_id: "u2", from: "2027-02-01", to: "2027-01-15" });
    expect(screen.getByLabelText("Administrateur")).toHaveValue("u2");
  });
});
