import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { OperatorHome } from "./PartnerPages";

const operator = {
  id: "op1",
  organisation_id: "org1",
  name: "Association Alpha",
  siret: "41087291000063",
  departments: ["42"],
  full_search: true,
  open_data: false,
  rate_limit_per_minute: 100,
};

describe("OperatorHome", () => {
  it("shows a new secret once, then lists the credential without it", async () => {
    const credentials: unknown[] = [];
    server.use(
      http.get("*/api/v1/operators/me", () => HttpResponse.json([operator])),
      http.get("*/api/v1/operators/:id/webhooks", () => HttpResponse.json([])),
      http.get("*/api/v1/operators/:id/offers", () => HttpResponse.json({ items: [], total: 0, page: 1, per_page: 50, total_pages: 0 })),
      http.get("*/api/v1/operators/:id/credentials", () => HttpResponse.json(credentials)),
      http.post("*/api/v1/operators/:id/credentials", async ({ request }) => {
        const { label } = (await request.json()) as { label: string };
        const credential = { id: "c1", client_id: "pas_123", label, created_at: "2026-12-01T10:00:00", rotated_at: null, last_used_at: null, revoked_at: null };
        credentials.push(credential);
        return HttpResponse.json({ credential, client_secret: "s3cr3t-montre-une-fois" }, { status: 201 });
      }),
    );
    renderAt("/espace", <OperatorHome />, "/espace");
    expect(await screen.findByRole("heading", { name: "Association Alpha" })).toBeInTheDocument();
    const create = screen.getByRole("button", { name: "Créer un identifiant" });
    expect(create).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Nom du nouvel identifiant/), "Production");
    await userEvent.click(create);
    expect(await screen.findByText("s3cr3t-montre-une-fois")).toBeInTheDocument();
    expect(await screen.findByRole("cell", { name: "pas_123" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "Production" })).toBeInTheDocument();
  });

  it("shows a v1 token once, and asks before replacing it", async () => {
    let issued = 0;
    server.use(
      http.get("*/api/v1/operators/me", () => HttpResponse.json([operator])),
      http.get("*/api/v1/operators/:id/webhooks", () => HttpResponse.json([])),
      http.get("*/api/v1/operators/:id/offers", () => HttpResponse.json({ items: [], total: 0, page: 1, per_page: 50, total_pages: 0 })),
      http.get("*/api/v1/operators/:id/credentials", () => HttpResponse.json([])),
      http.post("*/api/v1/operators/:id/legacy-token", () => HttpResponse.json({ token: `jeton-v1-${++issued}` }, { status: 201 })),
    );
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    renderAt("/espace", <OperatorHome />, "/espace");
    await userEvent.click(await screen.findByRole("button", { name: "Obtenir un jeton v1" }));
    expect(await screen.findByDisplayValue("jeton-v1-1")).toHaveAttribute("readonly");
    expect(screen.getByText(/il ne sera plus jamais affiché/)).toBeInTheDocument();
    confirm.mockReturnValueOnce(false);
    await userEvent.click(screen.getByRole("button", { name: "Remplacer le jeton v1" }));
    expect(issued).toBe(1);
    await userEvent.click(screen.getByRole("button", { name: "Remplacer le jeton v1" }));
    expect(await screen.findByDisplayValue("jeton-v1-2")).toBeInTheDocument();
    expect(confirm).toHaveBeenCalledTimes(3);
    confirm.mockRestore();
  });
});
