// Where each page's Markdown lives (content/ at the repository's root). Each file is its own
// chunk, fetched when its page opens: nothing of it is in the first screen's bundle.
import { parseFrontMatter, type ParsedDoc } from "./frontMatter";

type Loader = () => Promise<string>;

const guides = import.meta.glob<string>("../../../../content/guides/*.md", { query: "?raw", import: "default" });
const faqs = import.meta.glob<string>("../../../../content/faq/*.md", { query: "?raw", import: "default" });
const legal = import.meta.glob<string>("../../../../content/legal/*.md", { query: "?raw", import: "default" });

const byName = (files: Record<string, Loader>, name: string): Loader | undefined => files[Object.keys(files).find((p) => p.endsWith(`/${name}.md`)) ?? ""];

/** The audiences of the guides and the FAQ, in the order they are shown. */
export const audiences = [
  { id: "eleves-familles", label: "Élèves et familles" },
  { id: "etablissements", label: "Établissements" },
  { id: "accueil", label: "Organismes d'accueil" },
  { id: "associations", label: "Associations partenaires" },
  { id: "referents", label: "Référents de l'État" },
] as const;

/** FAQ sections: the account questions everyone may have, then one per audience. */
export const faqSections = [{ id: "compte", label: "Compte et connexion" }, ...audiences] as const;

/** Legal pages: address → file in content/legal. */
export const legalPages = {
  "/confidentialite": "politique-confidentialite",
  "/conditions-utilisation": "conditions-utilisation",
  "/signature-electronique": "signature-electronique",
  "/mentions-legales": "mentions-legales",
  "/accessibilite": "accessibilite",
  "/cookies": "cookies",
} as const;
export type LegalPath = keyof typeof legalPages;

async function load(loader: Loader | undefined): Promise<ParsedDoc | null> {
  return loader ? parseFrontMatter(await loader()) : null;
}

export const loadGuide = (audience: string) => load(byName(guides, audience));
export const loadLegal = (path: LegalPath) => load(byName(legal, legalPages[path]));
export const loadFaq = (section: string) => load(byName(faqs, section));
