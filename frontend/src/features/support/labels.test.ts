import { describe, expect, it } from "vitest";
import { categories, categoryLabels, contactLink, originPage, queueFilterFrom, queueFilterText, queueSearch } from "./labels";
import { modelDocuments } from "./documents";
import { shouldAskTerms } from "../accounts/terms";

const origin = "https://passerelle.gouv.fr";

describe("the page a message is written from", () => {
  it("takes ?depuis first, then the previous page of this site", () => {
    expect(originPage("/offres/42", `${origin}/faq`, origin)).toBe("/offres/42");
    expect(originPage(null, `${origin}/faq?public=eleves`, origin)).toBe("/faq?public=eleves");
  });
  it("never another site, a protocol-relative address or the contact page itself", () => {
    expect(originPage(null, "https://ailleurs.fr/page", origin)).toBeUndefined();
    expect(originPage("//ailleurs.fr/page", "", origin)).toBeUndefined();
    expect(originPage("https://ailleurs.fr", "", origin)).toBeUndefined();
    expect(originPage("/contact", `${origin}/contact?depuis=x`, origin)).toBeUndefined();
    expect(originPage("javascript:alert(1)", "pas une adresse", origin)).toBeUndefined();
  });
  it("is linked to with the path encoded", () => {
    expect(contactLink("/offres/42?semaine=3")).toBe("/contact?depuis=%2Foffres%2F42%3Fsemaine%3D3");
  });
});

describe("the queue's filters in the address", () => {
  it("defaults to the open tickets, page 1, with a bare address", () => {
    const f = queueFilterFrom(new URLSearchParams(""));
    expect(f).toEqual({ status: "open", category: undefined, assignee: undefined, page: 1 });
    expect(queueSearch(f)).toBe("");
    expect(queueFilterText(f)).toBe("ouvertes");
  });
  it("reads and writes French parameters, and back again", () => {
    const search = "?statut=closes&categorie=personal_data&suivi=moi&page=3";
    const f = queueFilterFrom(new URLSearchParams(search));
    expect(f).toEqual({ status: "closed", category: "personal_data", assignee: "me", page: 3 });
    expect(queueSearch(f)).toBe(search);
    expect(queueFilterText(f)).toBe("closes, sujet « Données personnelles », prises en charge par moi");
  });
  it("ignores what it does not know", () => {
    expect(queueFilterFrom(new URLSearchParams("statut=x&categorie=spam&suivi=lui&page=-2"))).toEqual({
      status: "open",
      category: undefined,
      assignee: undefined,
      page: 1,
    });
  });
});

describe("words", () => {
  it("names every category in French, in the form's order", () => {
    expect(categories).toEqual(["account", "school", "offer", "agreement", "personal_data", "accessibility", "other"]);
    expect(categories.map((c) => categoryLabels[c])).toContain("L'accessibilité du site");
  });
  it("lists the three model documents, each saying who needs it", () => {
    expect(modelDocuments.map((d) => d.href)).toEqual([
      "/api/v1/documents/autorisation-parentale.pdf",
      "/api/v1/documents/modele-convention.pdf",
      "/api/v1/documents/modele-attestation.pdf",
    ]);
    for (const d of modelDocuments) expect(d.audience).toMatch(/^Pour les/);
  });
});

describe("asking for the terms", () => {
  it("asks while the version in force is not accepted", () => {
    expect(shouldAskTerms({ accepted_at: null }, "/espace")).toBe(true);
    expect(shouldAskTerms({ accepted_at: "2027-01-15T10:00:00Z" }, "/espace")).toBe(false);
  });
  it("not on the terms' own page nor on a legal representative's signing link", () => {
    expect(shouldAskTerms({ accepted_at: null }, "/conditions-utilisation")).toBe(false);
    expect(shouldAskTerms({ accepted_at: null }, "/convention/signer/abc")).toBe(false);
  });
});
