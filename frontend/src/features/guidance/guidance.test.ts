import { describe, expect, it } from "vitest";
import { filterFaq, fold, parseFaq } from "./faq";
import { parseFrontMatter } from "./frontMatter";
import { renderMarkdown, slugify } from "./markdown";
import { audiences, faqSections, legalPages, loadFaq, loadGuide, loadLegal, type LegalPath } from "./docs";

describe("parseFrontMatter", () => {
  it("reads the keys and removes the body's title", () => {
    const doc = parseFrontMatter(
      "---\ntitle: Conditions générales d'utilisation\nversion: 1\ndate: 2026-12-06\n---\n\n# Conditions générales d'utilisation\n\nTexte.\n",
    );
    expect(doc.meta).toEqual({ title: "Conditions générales d'utilisation", version: "1", date: "2026-12-06" });
    expect(doc.body).toBe("Texte.\n");
  });

  it("takes the title from the first heading when the front matter has none, and unquotes values", () => {
    const doc = parseFrontMatter('---\ndescription: "Deux : points"\n---\n# Guide {#haut}\nCorps');
    expect(doc.meta.title).toBe("Guide");
    expect(doc.meta.description).toBe("Deux : points");
    expect(doc.body).toBe("Corps");
  });

  it("accepts a file without front matter, with Windows line ends", () => {
    const doc = parseFrontMatter("\uFEFF# Titre\r\n\r\nUn paragraphe.\r\n");
    expect(doc.meta.title).toBe("Titre");
    expect(doc.body).toBe("Un paragraphe.\n");
  });
});

describe("renderMarkdown", () => {
  it("gives headings their stable anchor and lists second-level ones", () => {
    const { html, toc } = renderMarkdown("## Préparer la semaine {#avant-la-semaine}\n\nTexte.\n\n### Détail\n\n## Sécurité des mineurs\n");
    expect(html).toContain('<h2 id="avant-la-semaine">Préparer la semaine</h2>');
    expect(html).toContain('<h3 id="detail">Détail</h3>');
    expect(toc).toEqual([
      { id: "avant-la-semaine", text: "Préparer la semaine" },
      { id: "securite-des-mineurs", text: "Sécurité des mineurs" },
    ]);
  });

  it("wraps tables for DSFR and keeps links", () => {
    const { html } = renderMarkdown("| A | B |\n|---|---|\n| 1 | [compte](/compte) |\n");
    expect(html).toContain('<div class="fr-table');
    expect(html).toContain('<th scope="col">A</th>');
    expect(html).toContain('<a href="/compte">compte</a>');
  });

  it("slugifies French text", () => {
    expect(slugify("Avant la semaine d'accueil !")).toBe("avant-la-semaine-d-accueil");
  });
});

describe("FAQ", () => {
  const items = parseFaq(
    "## Mot de passe oublié {#mdp}\n\nAllez sur [la page](/mot-de-passe-oublie).\n\n## Je n'ai pas reçu le SMS\n\nVérifiez le numéro de téléphone.\n\n## L'élève est malade\n\nPrévenez l'établissement. Votre mot de passe n'y est pour rien.\n",
    "compte",
  );

  it("splits questions and answers", () => {
    expect(items.map((i) => [i.id, i.question])).toEqual([
      ["mdp", "Mot de passe oublié"],
      ["compte-2", "Je n'ai pas reçu le SMS"],
      ["compte-3", "L'élève est malade"],
    ]);
    expect(items[0].answer).toBe("Allez sur [la page](/mot-de-passe-oublie).");
  });

  it("filters without accents nor case, every word, questions matching by their title first", () => {
    expect(filterFaq(items, "")).toHaveLength(3);
    expect(filterFaq(items, "MOT DE PASSE OUBLIE").map((i) => i.id)).toEqual(["mdp"]);
    expect(filterFaq(items, "mot passe").map((i) => i.id)).toEqual(["mdp", "compte-3"]);
    expect(filterFaq(items, "recu sms").map((i) => i.id)).toEqual(["compte-2"]);
    expect(filterFaq(items, "eleve")).toHaveLength(1);
    expect(filterFaq(items, "introuvable")).toEqual([]);
  });

  it("does not match the addresses of links", () => {
    expect(filterFaq(items, "oublie").map((i) => i.id)).toEqual(["mdp"]);
    expect(filterFaq(items, "page").map((i) => i.id)).toEqual(["mdp"]);
    expect(fold("L’élève")).toBe("l eleve");
  });
});

describe("the content files", () => {
  it("exist for every audience, FAQ section and legal page, dated and versioned", async () => {
    for (const a of audiences) {
      const doc = await loadGuide(a.id);
      expect(doc?.meta.title, a.id).toBeTruthy();
      expect(doc?.meta.date, a.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const s of faqSections) {
      const doc = await loadFaq(s.id);
      expect(parseFaq(doc!.body, s.id).length, s.id).toBeGreaterThan(3);
    }
    for (const path of Object.keys(legalPages) as LegalPath[]) {
      const doc = await loadLegal(path);
      expect(doc?.meta.version, path).toMatch(/^[1-9][0-9]*$/);
      expect(doc?.meta.date, path).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("have unique FAQ anchors", async () => {
    const ids = (await Promise.all(faqSections.map(async (s) => parseFaq((await loadFaq(s.id))!.body, s.id)))).flat().map((i) => i.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });
});
