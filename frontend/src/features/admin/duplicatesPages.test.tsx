import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { renderAt } from "../../test/render";
import { server } from "../../test/server";
import { OrganisationsAdminPage } from "./OrganisationsPage";
import { SchoolsAdminPage } from "./SchoolsPage";

const martin = {
  id: "o-1",
  name: "Électricité Martin",
  siret: "73282932000074",
  kind: "company",
  is_public: false,
  address: "1 rue X",
  postal_code: "42000",
  city: "Saint-Étienne",
  members: 2,
  offers: 3,
};
const martinSa = { ...martin, id: "o-2", name: "Martin SA", siret: "73282932000082", members: 1, offers: 0 };

describe("OrganisationsAdminPage", () => {
  it("searches from the address, corrects an organisation and says so", async () => {
    let sent: unknown = null;
    server.use(
      http.get("*/api/v1/ministries", () => HttpResponse.json([{ id: "m-1", name: "Ministère des Armées" }])),
      http.get("*/api/v1/admin/organisations", ({ request }) =>
        HttpResponse.json(new URL(request.url).searchParams.get("q") === "martin" ? [martin, martinSa] : []),
      ),
      http.put("*/api/v1/admin/organisations/:id", async ({ request, params }) => {
        sent = { id: params.id, body: await request.json() };
        return HttpResponse.json({ ...martin, is_public: true, ministry_id: "m-1" });
      }),
    );
    renderAt("/admin/organismes?q=martin", <OrganisationsAdminPage />);
    const table = await screen.findByRole("table", { name: "Organismes correspondant à « martin »" });
    expect(screen.getByText("2 organismes trouvés.")).toBeInTheDocument();
    expect(within(table).getByRole("row", { name: /Électricité Martin/ })).toHaveTextContent("732 829 320 00074");

    await userEvent.click(screen.getByRole("button", { name: "Corriger « Électricité Martin »" }));
    expect(screen.getByRole("heading", { level: 2, name: "Corriger « Électricité Martin »" })).toHaveFocus();
    expect(screen.getByLabelText("Nom de l'organisme")).toHaveValue("Électricité Martin");
    await userEvent.click(screen.getByLabelText("Public"));
    await userEvent.selectOptions(await screen.findByLabelText("Ministère de rattachement"), "m-1");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer la correction" }));
    expect(await screen.findByText("Organisme corrigé : « Électricité Martin » (SIRET 732 829 320 00074, Saint-Étienne).")).toBeInTheDocument();
    expect(sent).toMatchObject({ id: "o-1", body: { is_public: true, ministry_id: "m-1", group_name: null } });
    expect(screen.queryByRole("heading", { name: /^Corriger/ })).not.toBeInTheDocument();
  });

  it("shows the server's refusal beside the SIRET", async () => {
    server.use(
      http.get("*/api/v1/ministries", () => HttpResponse.json([])),
      http.get("*/api/v1/admin/organisations", () => HttpResponse.json([martin, martinSa])),
      http.put("*/api/v1/admin/organisations/:id", () =>
        HttpResponse.json(
          { code: "ORGANISATION_EXISTS", message: "Un autre organisme porte ce SIRET : fusionnez-les plutôt.", fields: { siret: ["SIRET déjà inscrit."] } },
          { status: 409 },
        ),
      ),
    );
    renderAt("/admin/organismes?q=martin", <OrganisationsAdminPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Corriger « Martin SA »" }));
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer la correction" }));
    expect(await screen.findByText("Un autre organisme porte ce SIRET : fusionnez-les plutôt.")).toBeInTheDocument();
    expect(screen.getByText("SIRET déjà inscrit.")).toBeInTheDocument();
  });

  it("asks which organisation to keep before merging, among the others found", async () => {
    server.use(http.get("*/api/v1/admin/organisations", () => HttpResponse.json([martin, martinSa])));
    renderAt("/admin/organismes?q=martin", <OrganisationsAdminPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Fusionner « Électricité Martin » avec un autre organisme" }));
    expect(screen.getByRole("heading", { level: 2, name: "Fusionner le doublon « Électricité Martin »" })).toHaveFocus();
    const keep = screen.getByRole("group", { name: /Organisme à conserver/ });
    expect(within(keep).getAllByRole("radio")).toHaveLength(1);
    await userEvent.click(screen.getByRole("button", { name: "Fusionner…" }));
    expect(screen.getByText("Choisissez l'organisme à conserver.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Annuler" }));
    expect(screen.queryByRole("heading", { name: /^Fusionner le doublon/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Fusionner « Électricité Martin » avec un autre organisme" })).toHaveFocus());
  });
});

describe("SchoolsAdminPage", () => {
  it("lists schools with their state and corrects one", async () => {
    const school = {
      uai: "0750001A",
      name: "Collège Jean Moulin",
      kind: "college",
      status: "public",
      address: "1 rue Y",
      postal_code: "75020",
      commune_name: "Paris",
      department_code: "75",
      academie_code: "01",
      registered: true,
      staff: 3,
      pupils: 40,
      latitude: 48.86,
      longitude: 2.4,
    };
    const old = { ...school, uai: "0750002B", registered: true, staff: 0, pupils: 0, merged_into: "0750001A" };
    let sent: unknown = null;
    server.use(
      http.get("*/api/v1/admin/schools", () => HttpResponse.json([school, old])),
      http.put("*/api/v1/admin/schools/:uai", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ...school, name: "Collège Jean-Moulin" });
      }),
    );
    renderAt("/admin/etablissements?q=moulin", <SchoolsAdminPage />);
    const table = await screen.findByRole("table", { name: "Établissements correspondant à « moulin »" });
    expect(within(table).getByRole("row", { name: /0750002B/ })).toHaveTextContent("Regroupé avec 0750001A");
    expect(screen.queryByRole("button", { name: /^Regrouper Collège Jean Moulin \(0750002B\)/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: /^Regrouper Collège Jean Moulin \(0750001A\)/ })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Corriger Collège Jean Moulin (0750001A)" }));
    expect(screen.getByLabelText("Latitude")).toHaveValue("48,86");
    await userEvent.clear(screen.getByLabelText("Nom de l'établissement"));
    await userEvent.type(screen.getByLabelText("Nom de l'établissement"), "Collège Jean-Moulin");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer la correction" }));
    expect(
      await screen.findByText("Établissement corrigé : Collège Jean-Moulin (0750001A), Paris. Le prochain import de l'annuaire gardera cette correction."),
    ).toBeInTheDocument();
    expect(sent).toEqual({ name: "Collège Jean-Moulin", address: "1 rue Y", postal_code: "75020", commune_name: "Paris", latitude: 48.86, longitude: 2.4 });
  });
});
