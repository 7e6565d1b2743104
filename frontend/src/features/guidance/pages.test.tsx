import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Suspense } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderAt } from "../../test/render";
import { FaqPage, GuidePage, LegalDocPage } from "./Pages";

// The DSFR's script (the answers' collapse) does not run in jsdom: the FAQ waits for it in vain.
vi.mock("../../dsfr/start", () => ({ loadDsfrScript: () => new Promise(() => {}) }));

const suspended = (page: React.ReactElement) => <Suspense fallback={<p>Chargement…</p>}>{page}</Suspense>;

describe("guidance pages", () => {
  // The pages suspend on their Markdown chunk (`use`): rendering inside act lets them resume.
  it("the FAQ filters as one types, without accents", async () => {
    await act(async () => {
      renderAt("/faq", suspended(<FaqPage />));
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Foire aux questions" }, { timeout: 8000 })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("searchbox", { name: /Rechercher une question/ }));
    await userEvent.paste("verrouille");
    expect(await screen.findByRole("button", { name: "Mon compte est verrouillé" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "J'ai oublié mon mot de passe" })).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(/trouvées? pour « verrouille »/);
    // (That a search's few answers are open is checked in the browser, e2e/tests/guidance.spec.ts: the DSFR's collapse needs its script.)
  });

  it("a guide shows its title, its date and version, and its table of contents", async () => {
    await act(async () => {
      renderAt("/guides/accueil", suspended(<GuidePage />), "/guides/:audience");
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Guide des organismes d'accueil" }, { timeout: 8000 })).toBeInTheDocument();
    expect(screen.getByText("Mis à jour le 6 décembre 2026 · version 1")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sécurité et règles pour un mineur" })).toHaveAttribute("href", "#securite-mineurs");
    expect(document.getElementById("avant-la-semaine")).toHaveTextContent("Préparer la semaine");
  });

  it("a legal page is found by its address", async () => {
    await act(async () => {
      renderAt("/cookies", suspended(<LegalDocPage />));
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Cookies et stockage dans le navigateur" }, { timeout: 8000 })).toBeInTheDocument();
    expect(screen.getByText("passerelle_refresh")).toBeInTheDocument();
  });
});
