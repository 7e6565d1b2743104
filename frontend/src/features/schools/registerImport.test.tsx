import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { RegisterImport, registerSummary } from "./RegisterImport";
import type { RegisterImportReport } from "./queries";

const report = (over: Partial<RegisterImportReport> = {}): RegisterImportReport => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  not_concerned: 0,
  left: 0,
  classes_created: [],
  errors: [],
  error_report_csv: null,
  ...over,
});

describe("registerSummary", () => {
  it("says what the import did, in good French, leaving out what did not happen", () => {
    expect(registerSummary(report({ created: 1, unchanged: 2 }))).toEqual([
      "1 élève inscrit dans sa classe",
      "0 élève mis à jour (classe, date de naissance ou INE)",
      "2 élèves déjà à jour",
    ]);
    const all = registerSummary(
      report({
        created: 3,
        updated: 1,
        not_concerned: 240,
        left: 1,
        classes_created: ["3E C", "4e B"],
        errors: [{ line: 7, pupil: "Jade BLANC", field: "ine", message: "x" }],
      }),
    );
    expect(all).toContain("240 élèves d'autres niveaux ignorés (pas de stage d'observation)");
    expect(all).toContain("1 élève sorti de l'établissement ignoré");
    expect(all).toContain("Classes créées : 3E C et 4e B");
    expect(all).toContain("1 ligne refusée");
  });
});

describe("RegisterImport", () => {
  it("sends the file's bytes as they are, with their type, and shows the report and the refused lines", async () => {
    let sent: { type: string | null; bytes: number[] } | null = null;
    server.use(
      http.post("*/api/v1/schools/0420916T/pupils/register-import", async ({ request }) => {
        sent = { type: request.headers.get("content-type"), bytes: [...new Uint8Array(await request.arrayBuffer())] };
        return HttpResponse.json(
          report({
            created: 3,
            classes_created: ["3E C"],
            errors: [{ line: 7, pupil: "Jade BLANC", field: "ine", message: "INE « 12345 » invalide : 11 caractères, des chiffres puis une lettre." }],
            error_report_csv: "ine;nom\n",
          }),
        );
      }),
    );
    renderAt("/", <RegisterImport uai="0420916T" />);
    // ISO-8859-15, as the register writes it: "é" is the single byte 0xE9.
    const file = new File([new Uint8Array([0x3c, 0x42, 0xe9, 0x3e])], "ElevesSansAdresses.xml", { type: "text/xml" });
    await userEvent.upload(screen.getByLabelText(/Fichier de la base élèves/), file);
    expect(await screen.findByText("Base élèves importée")).toBeInTheDocument();
    expect(sent).toEqual({ type: "application/xml", bytes: [0x3c, 0x42, 0xe9, 0x3e] });
    expect(screen.getByText("3 élèves inscrits dans leur classe")).toBeInTheDocument();
    expect(screen.getByText("Classe créée : 3E C")).toBeInTheDocument();
    expect(screen.getByText("Jade BLANC : INE « 12345 » invalide : 11 caractères, des chiffres puis une lettre.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Télécharger les lignes refusées" })).toBeInTheDocument();
  });

  it("tells why a whole file is refused, at the field", async () => {
    server.use(
      http.post("*/api/v1/schools/0420916T/pupils/register-import", () =>
        HttpResponse.json(
          {
            code: "VALIDATION_ERROR",
            message: "Données invalides.",
            fields: { file: ["Ce fichier est l'export de l'établissement 0421041D, pas de Collège Test (0420916T) : aucun élève n'a été importé."] },
          },
          { status: 422 },
        ),
      ),
    );
    renderAt("/", <RegisterImport uai="0420916T" />);
    const input = screen.getByLabelText(/Fichier de la base élèves/);
    await userEvent.upload(input, new File(["ine;nom"], "eleves.csv", { type: "text/csv" }));
    expect(await screen.findByText(/Ce fichier est l'export de l'établissement 0421041D/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-describedby", "register-file-error");
    expect(screen.queryByText("Base élèves importée")).not.toBeInTheDocument();
  });
});
