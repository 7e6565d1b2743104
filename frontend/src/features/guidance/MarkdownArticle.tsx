import { fr } from "@codegouvfr/react-dsfr";
import { colors } from "@codegouvfr/react-dsfr/fr/colors";
import { Summary } from "@codegouvfr/react-dsfr/Summary";
import { useEffect, useMemo, type MouseEvent, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { formatDateFr } from "../../dates";
import type { ParsedDoc } from "./frontMatter";
import { renderMarkdown } from "./markdown";

/** "Mis à jour le 6 décembre 2026 · version 1" (what the front matter says, as far as it says). */
export function updatedLine(meta: ParsedDoc["meta"]): string {
  const parts = [meta.date ? `Mis à jour le ${formatDateFr(meta.date)}` : "", meta.version ? `version ${meta.version}` : ""].filter(Boolean);
  return parts.join(" · ");
}

/** Links inside rendered Markdown: the site's own addresses go through the router (no reload). */
export function useRouterLinks() {
  const navigate = useNavigate();
  return (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = (e.target as Element).closest("a[href]");
    const href = link?.getAttribute("href") ?? "";
    if (!href.startsWith("/") || href.startsWith("//") || href.startsWith("/api/")) return;
    e.preventDefault();
    navigate(href);
  };
}

/** Brings the section named in the address (#id) into view once the page's text is there. */
export function useScrollToHash(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }, [ready, hash]);
}

/** A content page: its title, when it was updated, a table of contents when it is long (four
 *  sections or more), then the text in DSFR typography. */
export function MarkdownArticle({ doc, before, after }: { doc: ParsedDoc; before?: ReactNode; after?: ReactNode }) {
  const { html, toc } = useMemo(() => renderMarkdown(doc.body), [doc.body]);
  const onClick = useRouterLinks();
  useScrollToHash(true);
  const updated = updatedLine(doc.meta);
  const withToc = toc.length >= 4;
  return (
    <article className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
      <div className={fr.cx("fr-col-12")}>
        {before}
        <h1 className={fr.cx("fr-mb-1w")}>{doc.meta.title}</h1>
        {updated && (
          <p className={fr.cx("fr-text--sm", "fr-mb-4w")} style={{ color: colors.decisions.text.mention.grey.default }}>
            {updated}
          </p>
        )}
      </div>
      {withToc && (
        <div className={fr.cx("fr-col-12", "fr-col-md-4", "fr-col-lg-3")}>
          <Summary title="Sommaire" style={{ position: "sticky", top: "1rem" }} links={toc.map((t) => ({ text: t.text, linkProps: { href: `#${t.id}` } }))} />
        </div>
      )}
      <div className={fr.cx("fr-col-12", withToc ? "fr-col-md-8" : "fr-col-md-10", withToc ? "fr-col-lg-9" : "fr-col-lg-8")}>
        {/* The Markdown is ours (content/, reviewed like code): its HTML is set as is. Clicks on
            the site's own links are handled by the router. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- delegation: the links inside are the interactive elements (Enter on a link fires click) */}
        <div className="passerelle-prose" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
        {after}
      </div>
    </article>
  );
}
