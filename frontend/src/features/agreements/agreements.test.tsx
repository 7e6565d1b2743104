import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { SignAsRepresentativePage, signerNamedOtherwise } from "./AgreementPages";
import { othersText, waitingText, yourTurnText } from "./status";

describe("SignAsRepresentativePage", () => {
  it("asks for a code, shows a wrong code at the field, and signs the hash that was read", async () => {
    const bodies: { code: string; document_hash: string }[] = [];
    server.use(
      http.get("*/api/v1/signing/:token", () =>
        HttpResponse.json({
          agreement_id: "a1",
          representative_name: "Nadia Benali",
          pupil_name: "Léa Benali",
          document_text: "# Convention\n## Article 1 - Objet\nTexte signé.",
          document_hash: "h".repeat(64),
          expires_at: "2027-01-10T12:00:00",
          attempts_left: 5,
        }),
      ),
      http.post("*/api/v1/signing/:token/code", () => HttpResponse.json({ sent_to: "n…@famille.fr" })),
      http.post("*/api/v1/signing/:token/sign", async ({ request }) => {
        const body = (await request.json()) as { code: string; document_hash: string };
        bodies.push(body);
        return body.code === "123456"
          ? HttpResponse.json({ status: "signed" })
          : HttpResponse.json(
              { code: "WRONG_CODE", message: "Certains champs sont invalides.", fields: { code: ["Code incorrect ou expiré. Il vous reste 4 essai(s)."] } },
              { status: 422 },
            );
      }),
    );
    renderAt("/convention/signer/tok", <SignAsRepresentativePage />, "/convention/signer/:token");
    expect(await screen.findByText("Texte signé.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Recevoir mon code de signature" }));
    expect(await screen.findByText(/envoyé à n…@famille.fr/)).toBeInTheDocument();
    const sign = screen.getByRole("button", { name: "Signer la convention" });
    await userEvent.type(screen.getByLabelText("Code reçu"), "000000");
    expect(sign).toBeDisabled(); // the agreement must be accepted first
    await userEvent.click(screen.getByText("J'ai lu la convention et je l'accepte"));
    await userEvent.click(sign);
    expect(await screen.findByText(/Il vous reste 4 essai/)).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText("Code reçu"));
    await userEvent.type(screen.getByLabelText("Code reçu"), "123456");
    await userEvent.click(sign);
    expect(await screen.findByRole("heading", { name: "Convention signée" })).toBeInTheDocument();
    expect(bodies.map((b) => b.document_hash)).toEqual(["h".repeat(64), "h".repeat(64)]);
  });
});

describe("waitingText", () => {
  it("names who must act", () => {
    const base = {
      id: "a",
      status_label: "",
      pupil_name: "",
      offer_title: "",
      organisation_name: "",
      school_uai: "",
      starts_on: "2027-01-18",
      ends_on: "2027-01-22",
      document_hash: "",
      application_id: "app",
    };
    expect(waitingText({ ...base, status: "to_sign", waiting_for: ["pupil", "legal_rep_1"] })).toBe("Reste à signer : l'élève et le représentant légal.");
    expect(waitingText({ ...base, status: "school_to_fill", waiting_for: ["school"] })).toBe("À remplir par l'établissement.");
    expect(waitingText({ ...base, status: "to_sign", waiting_for: ["host", "legal_rep_1", "legal_rep_2"] })).toBe(
      "Reste à signer : l'organisme d'accueil et l'un des représentants légaux.",
    );
    expect(waitingText({ ...base, status: "signed", waiting_for: [] })).toBe("Signée par toutes les parties.");
  });
});

describe("yourTurnText and othersText", () => {
  const base = {
    id: "a",
    status_label: "",
    pupil_name: "",
    offer_title: "",
    organisation_name: "",
    school_uai: "",
    starts_on: "2027-01-18",
    ends_on: "2027-01-22",
    document_hash: "",
    application_id: "app",
  };
  it("tells the party whose turn it is what to do, and the others who is awaited", () => {
    const toFill = { ...base, status: "host_to_fill" as const, waiting_for: ["host" as const] };
    expect(yourTurnText(toFill, "host")).toBe("À vous : remplissez la partie de l'organisme (représentant, tuteur, horaires, activités).");
    expect(othersText(toFill, "host")).toBe("");
    expect(yourTurnText(toFill, "pupil")).toBeNull();
    expect(othersText(toFill, "pupil")).toBe("À remplir par l'organisme d'accueil.");
    expect(yourTurnText(toFill, null)).toBeNull();
  });
  it("asks each signer in turn, the pupil with « tu », and names who else must sign", () => {
    const toSign = { ...base, status: "to_sign" as const, waiting_for: ["host" as const, "pupil" as const, "legal_rep_1" as const] };
    expect(yourTurnText(toSign, "pupil")).toBe("À toi : relis la convention puis signe-la.");
    expect(yourTurnText(toSign, "host")).toBe("À vous : relisez la convention puis signez-la.");
    expect(othersText(toSign, "host")).toBe("Reste aussi à signer : l'élève et le représentant légal.");
    expect(yourTurnText(toSign, "school")).toBeNull();
    expect(othersText(toSign, "school")).toBe("Reste à signer : l'organisme d'accueil, l'élève et le représentant légal.");
    expect(othersText({ ...toSign, waiting_for: ["school"] }, "school")).toBe("");
  });
});

describe("signerNamedOtherwise", () => {
  it("warns the host who would sign under another person's name", () => {
    expect(signerNamedOtherwise({ representative_name: "Claire Martin", signatory_name: "" }, "Sophie Martin")).toBe(true);
    expect(signerNamedOtherwise({ representative_name: "Claire Martin", signatory_name: "Sophie Martin" }, "Sophie Martin")).toBe(false);
    expect(signerNamedOtherwise({ representative_name: " sophie  martin ", signatory_name: "" }, "Sophie Martin")).toBe(false);
    expect(signerNamedOtherwise({ representative_name: "", signatory_name: "" }, "Sophie Martin")).toBe(false);
  });
});
