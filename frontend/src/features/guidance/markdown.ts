// Markdown to HTML for the content pages. `marked` rather than `react-markdown`: one small
// dependency-free package (react-markdown brings the unified/remark/rehype tree, several times
// its size) that is actively maintained; the content is ours (reviewed in the repository), so
// its HTML can be set as is. Loaded only with the guidance pages' lazy chunks.
import { Marked, type Token, type Tokens } from "marked";

export type TocEntry = { id: string; text: string };
export type Rendered = { html: string; toc: TocEntry[] };

/** "Avant la semaine d'accueil" → "avant-la-semaine-d-accueil": a heading's anchor when the
 *  file does not give one with `{#id}`. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

type HeadingWithId = Tokens.Heading & { anchor?: string };

const marked = new Marked({
  gfm: true,
  renderer: {
    heading(token) {
      const t = token as HeadingWithId;
      const id = t.anchor ?? slugify(t.text);
      return `<h${t.depth} id="${id}">${this.parser.parseInline(t.tokens)}</h${t.depth}>\n`;
    },
    // DSFR's table markup: it scrolls sideways on a phone, so the table takes the focus (RGAA
    // 7.3, axe scrollable-region-focusable); its caption, the section's heading, is read out only.
    table(token) {
      const t = token as Tokens.Table & { caption?: string };
      const cell = (c: Tokens.TableCell, tag: "th" | "td") => `<${tag}${tag === "th" ? ' scope="col"' : ""}>${this.parser.parseInline(c.tokens)}</${tag}>`;
      const head = `<tr>${t.header.map((c) => cell(c, "th")).join("")}</tr>`;
      const rows = t.rows.map((r) => `<tr>${r.map((c) => cell(c, "td")).join("")}</tr>`).join("");
      const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : "";
      return `<div class="fr-table fr-table--no-caption fr-table--multiline"><div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content"><table tabindex="0">${caption}<thead>${head}</thead><tbody>${rows}</tbody></table></div></div></div></div>\n`;
    },
    // Links out of the site open in the same tab but say where they go (RGAA 6.1: a title is not needed when the text says it).
    link(token) {
      const text = this.parser.parseInline(token.tokens);
      const external = /^https?:\/\//.test(token.href);
      const rel = external ? ' rel="noopener"' : "";
      return `<a href="${token.href}"${rel}>${text}</a>`;
    },
  },
});

const ANCHOR = /\s*\{#([\w-]+)\}\s*$/;

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Renders a Markdown body. Headings may end with `{#id}` (a stable anchor other screens link
 *  to); second-level headings make the table of contents. */
export function renderMarkdown(body: string): Rendered {
  const tokens = marked.lexer(body);
  const toc: TocEntry[] = [];
  const seen = new Set<string>();
  let section = "";
  for (const token of tokens as Token[]) {
    if (token.type === "table") (token as Tokens.Table & { caption?: string }).caption = section;
    if (token.type !== "heading") continue;
    const h = token as HeadingWithId;
    const m = ANCHOR.exec(h.text);
    if (m) {
      h.text = h.text.replace(ANCHOR, "");
      h.tokens = marked.Lexer.lexInline(h.text);
    }
    let id = m ? m[1] : slugify(h.text);
    while (seen.has(id)) id = `${id}-2`;
    seen.add(id);
    h.anchor = id;
    section = h.text.replace(/[*_`]/g, "");
    if (h.depth === 2) toc.push({ id, text: h.text.replace(/[*_`]/g, "") });
  }
  return { html: marked.parser(tokens), toc };
}
