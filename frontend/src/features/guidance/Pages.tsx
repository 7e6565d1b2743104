import { fr } from "@codegouvfr/react-dsfr";
import { colors } from "@codegouvfr/react-dsfr/fr/colors";
import { Accordion } from "@codegouvfr/react-dsfr/Accordion";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Tabs } from "@codegouvfr/react-dsfr/Tabs";
import { use, useEffect, useMemo, useState } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import { usePageTitle } from "../../components";
import { plural } from "../../i18n";
import { NotFoundPage } from "../../pages/StaticPages";
import { audiences, faqSections, legalPages, loadFaq, loadGuide, loadLegal, type LegalPath } from "./docs";
import { holdCollapses } from "./collapses";
import { filterFaq, parseFaq, type FaqItem } from "./faq";
import type { ParsedDoc } from "./frontMatter";
import { MarkdownArticle, updatedLine, useRouterLinks, useScrollToHash } from "./MarkdownArticle";
import { renderMarkdown } from "./markdown";

// One promise per file for the whole visit: `use` suspends on it the first time (the route's
// Suspense shows the skeleton), then reads it at once.
const cache = new Map<string, Promise<ParsedDoc | null>>();
function useDoc(key: string, load: () => Promise<ParsedDoc | null>): ParsedDoc | null {
  let pending = cache.get(key);
  if (!pending) {
    // A file that could not be fetched (network) is asked again at the next visit of the page.
    pending = load().catch((e: unknown) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, pending);
  }
  return use(pending);
}

/** /guides: one card per audience. */
export function GuidesPage() {
  usePageTitle("Guides");
  return (
    <>
      <h1>Guides</h1>
      <p className={fr.cx("fr-text--lead")}>
        Ce qu'il faut savoir et faire, étape par étape, pour chacun de ceux qui préparent un stage d'observation. Une question précise ? Voyez aussi la{" "}
        <Link to="/faq">foire aux questions</Link>.
      </p>
      <ul className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-raw-list")}>
        {audiences.map((a) => (
          <li key={a.id} className={fr.cx("fr-col-12", "fr-col-md-6", "fr-col-lg-4")}>
            <GuideCard audience={a.id} label={a.label} />
          </li>
        ))}
      </ul>
    </>
  );
}

function GuideCard({ audience, label }: { audience: string; label: string }) {
  const doc = useDoc(`guide:${audience}`, () => loadGuide(audience));
  return <Card title={label} titleAs="h2" desc={doc?.meta.description} linkProps={{ to: `/guides/${audience}` }} enlargeLink size="small" />;
}

/** /guides/:audience */
export function GuidePage() {
  const { audience = "" } = useParams();
  const known = audiences.find((a) => a.id === audience);
  const doc = useDoc(`guide:${audience}`, () => (known ? loadGuide(audience) : Promise.resolve(null)));
  usePageTitle(doc?.meta.title ?? "Guide");
  if (!known || !doc) return <NotFoundPage />;
  return (
    <MarkdownArticle
      doc={doc}
      before={
        <Breadcrumb
          currentPageLabel={known.label}
          homeLinkProps={{ to: "/" }}
          segments={[{ label: "Guides", linkProps: { to: "/guides" } }]}
          className={fr.cx("fr-mt-0", "fr-mb-3w")}
        />
      }
      after={
        <p className={fr.cx("fr-mt-6w")}>
          Une autre question ? <Link to={`/faq?public=${audience}`}>Voir la foire aux questions</Link> ou <Link to="/contact">nous écrire</Link>.
        </p>
      }
    />
  );
}

/** /confidentialite, /conditions-utilisation, /signature-electronique, /mentions-legales,
 *  /accessibilite, /cookies */
export function LegalDocPage() {
  const { pathname } = useLocation();
  const path = (pathname in legalPages ? pathname : "/mentions-legales") as LegalPath;
  const doc = useDoc(`legal:${path}`, () => loadLegal(path));
  usePageTitle(doc?.meta.title ?? "Informations légales");
  if (!doc) return <NotFoundPage />;
  return <MarkdownArticle key={path} doc={doc} />;
}

function useAllFaq(): { items: FaqItem[]; docs: Record<string, ParsedDoc | null> } {
  const loaded = useDoc("faq:all", async () => {
    const docs = await Promise.all(faqSections.map((s) => loadFaq(s.id)));
    return { meta: { title: "" }, body: "", docs: Object.fromEntries(faqSections.map((s, i) => [s.id, docs[i]])) } as AllFaq;
  }) as AllFaq;
  const items = useMemo(() => faqSections.flatMap((s) => (loaded.docs[s.id] ? parseFaq(loaded.docs[s.id]!.body, s.id) : [])), [loaded]);
  return { items, docs: loaded.docs };
}
type AllFaq = ParsedDoc & { docs: Record<string, ParsedDoc | null> };

/** The ids of a question's accordion and of its answer (its collapse, as react-dsfr names it). */
const questionId = (id: string) => `${id}-question`;
const answerId = (id: string) => `${questionId(id)}-collapse`;

/** /faq: questions by audience (tabs), searched as one types (without accents). The address
 *  keeps the audience and the search (?public=…&q=…), so an answer can be linked to. */
export function FaqPage() {
  usePageTitle("Foire aux questions");
  const [params, setParams] = useSearchParams();
  const section = faqSections.find((s) => s.id === params.get("public"))?.id ?? "tous";
  const query = params.get("q") ?? "";
  const { items, docs } = useAllFaq();
  const inSection = section === "tous" ? items : items.filter((i) => i.audience === section);
  const shown = filterFaq(inSection, query);
  const { hash } = useLocation();
  // Opened or closed by hand; otherwise open when the address names it, or when a search finds
  // three questions or fewer (their answers are what was looked for).
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const isOpen = (id: string) => toggled[id] ?? (hash === `#${id}` || (!!query && shown.length <= 3));
  // The DSFR's script folds and unfolds the answers and may miss a state given while it takes
  // hold of them (a search typed as it starts): it is given them again once it holds them.
  const answersOpen = JSON.stringify(Object.fromEntries(shown.map((item) => [answerId(item.id), isOpen(item.id)])));
  useEffect(() => holdCollapses(JSON.parse(answersOpen) as Record<string, boolean>), [answersOpen]);
  const onClick = useRouterLinks();
  useScrollToHash(true);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const updated = updatedLine(docs.compte?.meta ?? { title: "" });
  const labelOf = (id: string) => faqSections.find((s) => s.id === id)?.label ?? "";
  return (
    <>
      <h1 className={fr.cx("fr-mb-1w")}>Foire aux questions</h1>
      {updated && (
        <p className={fr.cx("fr-text--sm")} style={{ color: colors.decisions.text.mention.grey.default }}>
          {updated}
        </p>
      )}
      <p>
        Les réponses aux questions les plus fréquentes. Pour tout savoir, étape par étape : les <Link to="/guides">guides</Link>. Pas de réponse ?{" "}
        <Link to="/contact">Écrivez-nous</Link>.
      </p>
      <div role="search">
        <Input
          label="Rechercher une question"
          hintText="Par exemple : mot de passe, convention, SMS."
          iconId="fr-icon-search-line"
          nativeInputProps={{ type: "search", name: "q", value: query, onChange: (e) => set("q", e.target.value), autoComplete: "off" }}
        />
      </div>
      <Tabs
        label="Public"
        selectedTabId={section}
        onTabChange={(id) => set("public", id === "tous" ? "" : id)}
        tabs={[{ tabId: "tous", label: "Toutes" }, ...faqSections.map((s) => ({ tabId: s.id, label: s.label }))]}
      >
        <p role="status" className={fr.cx("fr-text--sm")}>
          {query
            ? `${plural(shown.length, "question trouvée", "questions trouvées")} pour « ${query} »${section === "tous" ? "" : ` (${labelOf(section)})`}.`
            : `${plural(shown.length, "question", "questions")}.`}
        </p>
        {shown.length === 0 ? (
          <p>
            Aucune question ne correspond.{" "}
            {section !== "tous" ? (
              <button type="button" className={fr.cx("fr-link")} onClick={() => set("public", "")}>
                Chercher dans toutes les questions
              </button>
            ) : (
              <>
                Essayez un autre mot, ou <Link to="/contact">écrivez-nous</Link>.
              </>
            )}
          </p>
        ) : (
          // Several answers open at once (a search's few results): not the group's one at a time.
          <div className={fr.cx("fr-accordions-group")} data-fr-group="false">
            {shown.map((item) => (
              <div key={item.id} id={item.id}>
                <Accordion
                  id={questionId(item.id)}
                  label={item.question}
                  titleAs="h2"
                  expanded={isOpen(item.id)}
                  onExpandedChange={(open) => setToggled((t) => ({ ...t, [item.id]: open }))}
                >
                  {section === "tous" && <p className={fr.cx("fr-badge", "fr-badge--sm", "fr-mb-1w")}>{labelOf(item.audience)}</p>}
                  {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- delegation: the links inside are the interactive elements */}
                  <div className="passerelle-prose" onClick={onClick} dangerouslySetInnerHTML={{ __html: renderMarkdown(item.answer).html }} />
                </Accordion>
              </div>
            ))}
          </div>
        )}
      </Tabs>
    </>
  );
}
