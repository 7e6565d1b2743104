// The front matter of the content files (content/**/*.md): a few `key: value` lines between two
// `---` lines. Only flat keys are used (title, version, date, description, audience), so a YAML
// library is not worth its weight in the pages' chunks.

export type DocMeta = {
  title: string;
  version?: string;
  /** ISO date (YYYY-MM-DD) of the last change. */
  date?: string;
  description?: string;
  [key: string]: string | undefined;
};

export type ParsedDoc = { meta: DocMeta; body: string };

/** Splits a Markdown file into its front matter and its body; the body's leading `# Title` is
 *  taken as the title when the front matter has none, and removed either way (the page shows
 *  the title itself, with the date under it). */
export function parseFrontMatter(raw: string): ParsedDoc {
  const text = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const meta: DocMeta = { title: "" };
  let body = text;
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (match) {
    body = text.slice(match[0].length);
    for (const line of match[1].split("\n")) {
      const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line.trim());
      if (!kv) continue;
      meta[kv[1]] = unquote(kv[2].trim());
    }
  }
  const heading = /^\s*#\s+(.+?)\s*(?:\{#[\w-]+\})?\s*(?:\n|$)/.exec(body);
  if (heading) {
    if (!meta.title) meta.title = heading[1];
    body = body.slice(heading[0].length);
  }
  return { meta, body: body.replace(/^\n+/, "") };
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}
