import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { BatchSigning, byUrgency } from "../agreements/SchoolAgreements";
import { schoolPartDraft } from "../agreements/AgreementPages";
import { ConsentForm } from "../pupils/ConsentForm";
import { radiusProblem } from "./SettingsSections";
import { sectionsFor } from "./sections";

const agreement = (id: string, pupil: string, extra: Record<string, unknown> = {}) => ({
  id,
  application_id: `app-${id}`,
  status: "to_sign" as const,
  status_label: "À signer",
  pupil_name: pupil,
  offer_title: "Atelier",
  organisation_name: "Menuiserie Durand",
  school_uai: "0421451Z",
  starts_on: "2027-01-18",
  ends_on: "2027-01-22",
  waiting_for: ["school" as const, "pupil" as const],
  document_hash: `hash-${id}`,
  ...extra,
});

describe("BatchSigning", () => {
  it("signs the ticked agreements at the hash listed, after a confirmation, and tells each result", async () => {
    let sent: unknown = null;
    server.use(
      http.post("*/api/v1/agreements/sign-batch", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json([
          { agreement_id: "a1", signed: true, status: "to_sign", error: null },
          { agreement_id: "a2", signed: false, status: null, error: { code: "DOCUMENT_CHANGED", message: "La convention a changé depuis votre lecture." } },
        ]);
      }),
      http.get("*/api/v1/agreements", () => HttpResponse.json([])),
    );
    renderAt("/", <BatchSigning toSign={[agreement("a1", "Léa Benali"), agreement("a2", "Hugo Martin"), agreement("a3", "Inès Roux")]} />);
    const sign = screen.getByRole("button", { name: /Signer la sélection/ });
    expect(sign).toBeDisabled();
    await userEvent.click(screen.getByLabelText(/Léa Benali · Atelier/));
    await userEvent.click(screen.getByLabelText(/Hugo Martin · Atelier/));
    await userEvent.click(screen.getByRole("button", { name: "Signer la sélection (2)" }));
    // The confirmation says what is signed, and needs the agreements accepted.
    const items = screen.getAllByText(/chez Menuiserie Durand/).map((li) => li.textContent);
    expect(items).toEqual([expect.stringContaining("Léa Benali"), expect.stringContaining("Hugo Martin")]);
    const confirm = screen.getByRole("button", { name: "Confirmer la signature" });
    expect(confirm).toBeDisabled();
    await userEvent.click(screen.getByLabelText("J'ai lu ces conventions et je les accepte"));
    await userEvent.click(confirm);
    expect(await screen.findByText("1 convention signée sur 2 : voyez le détail ci-dessous.")).toBeInTheDocument();
    expect(sent).toEqual({
      items: [
        { agreement_id: "a1", document_hash: "hash-a1" },
        { agreement_id: "a2", document_hash: "hash-a2" },
      ],
    });
    const results = screen.getByRole("list", { name: "Résultat de la signature groupée" });
    expect(within(results).getByText(/Léa Benali · Atelier : signée/)).toBeInTheDocument();
    expect(within(results).getByText(/Hugo Martin · Atelier : non signée — La convention a changé/)).toBeInTheDocument();
  });

  it("puts first what awaits the school", () => {
    const list = [agreement("b", "B", { waiting_for: ["pupil"], starts_on: "2027-01-01" }), agreement("a", "A", { starts_on: "2027-02-01" })];
    expect(byUrgency(list).map((a) => a.id)).toEqual(["a", "b"]);
  });
});

describe("ConsentForm", () => {
  it("asks for the scan when the school requires it, sends it first, then records the consent", async () => {
    const calls: string[] = [];
    server.use(
      http.get("*/api/v1/schools/:uai", () =>
        HttpResponse.json({
          school: { uai: "0421451Z", name: "Collège", kind: "college", commune_name: "Saint-Étienne", department_code: "42", postal_code: "42000" },
          registered_at: "2026-09-01T08:00:00Z",
          search_radius_km: 30,
          national_search: false,
          splits_allowed: false,
          consent_scan_required: true,
          my_function: "main_teacher",
        }),
      ),
      http.put("*/api/v1/schools/:uai/pupils/:pupil/consent-form", () => {
        calls.push("scan");
        return new HttpResponse(null, { status: 204 });
      }),
      http.post("*/api/v1/schools/:uai/pupils/:pupil/consent", async ({ request }) => {
        calls.push(`consent ${((await request.json()) as { consent_date: string }).consent_date}`);
        return HttpResponse.json({});
      }),
    );
    let done = "";
    renderAt("/", <ConsentForm uai="0421451Z" pupilId="p1" name="Léa Benali" onDone={(n) => void (done = n?.text ?? "")} />);
    await userEvent.click(screen.getByRole("button", { name: /Enregistrer l'autorisation parentale/ }));
    expect(await screen.findByLabelText(/Autorisation numérisée \(obligatoire\)/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Date de signature/), "2026-10-01");
    await userEvent.click(screen.getByRole("button", { name: /Confirmer l'autorisation/ }));
    expect(await screen.findByText(/Votre établissement demande l'autorisation numérisée/)).toBeInTheDocument();
    expect(calls).toEqual([]);
    await userEvent.upload(screen.getByLabelText(/Autorisation numérisée/), new File(["%PDF-1.4"], "autorisation.pdf", { type: "application/pdf" }));
    await userEvent.click(screen.getByRole("button", { name: /Confirmer l'autorisation/ }));
    await expect.poll(() => done).toContain("signée le 1er octobre 2026");
    expect(calls).toEqual(["scan", "consent 2026-10-01"]);
  });
});

describe("school space rules", () => {
  it("shows the sections each function needs", () => {
    expect(sectionsFor({ my_function: "principal" }).map((s) => s.id)).toEqual([
      "suivi",
      "conventions",
      "retours",
      "eleves",
      "classes",
      "semaines",
      "equipe",
      "parametres",
      "journal",
    ]);
    expect(sectionsFor({ my_function: "main_teacher" }).map((s) => s.id)).toEqual(["suivi", "conventions", "retours", "eleves"]);
    expect(sectionsFor({ my_function: "cpe" }).map((s) => s.id)).toEqual(["suivi", "conventions", "retours", "eleves", "equipe"]);
  });

  it("checks the search radius", () => {
    expect(radiusProblem("30")).toBeNull();
    expect(radiusProblem("4")).toBe("Choisissez entre 5 et 200 km.");
    expect(radiusProblem("201")).toBe("Choisissez entre 5 et 200 km.");
    expect(radiusProblem("")).toBe("Indiquez un nombre entier de kilomètres.");
    expect(radiusProblem("12,5")).toBe("Indiquez un nombre entier de kilomètres.");
  });

  it("prefills the principal's name in the school's part, never over a name already written", () => {
    const part = { principal_name: "", teacher_user_id: "", teacher_name: "", pupil_insurance_provided: false, pupil_insurer: "", pedagogical_notes: "" };
    const principal = { first_name: "Anne", last_name: "Leroy", staff_function: "principal" };
    expect(schoolPartDraft(part, principal).principal_name).toBe("Anne Leroy");
    expect(schoolPartDraft({ ...part, principal_name: "M. Dupont" }, principal).principal_name).toBe("M. Dupont");
    expect(schoolPartDraft(part, { ...principal, staff_function: "cpe" }).principal_name).toBe("");
  });
});
