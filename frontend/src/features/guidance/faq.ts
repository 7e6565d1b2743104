// The FAQ: one Markdown file per audience (content/faq/<audience>.md), each question a
// second-level heading followed by its answer. Searched without accents nor case.

export type FaqItem = { id: string; audience: string; question: string; answer: string };

const ANCHOR = /\s*\{#([\w-]+)\}\s*$/;

/** Splits a FAQ body (front matter removed) into its questions. */
export function parseFaq(body: string, audience: string): FaqItem[] {
  const items: FaqItem[] = [];
  let current: FaqItem | null = null;
  const lines: string[] = [];
  const flush = () => {
    if (current) items.push({ ...current, answer: lines.join("\n").trim() });
    lines.length = 0;
  };
  for (const line of body.split("\n")) {
    const h = /^##\s+(.+)$/.exec(line);
    if (h) {
      flush();
      const m = ANCHOR.exec(h[1]);
      const question = h[1].replace(ANCHOR, "").trim();
      current = { id: m ? m[1] : `${audience}-${items.length + 1}`, audience, question, answer: "" };
    } else if (current) {
      lines.push(line);
    }
  }
  flush();
  return items;
}

/** Lower case, no accents, no punctuation: "Mot de passe oublié ?" → "mot de passe oublie". */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’']/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9@.]+/g, " ")
    .trim();
}

/** The questions where every word of the query appears (question or answer), questions
 *  matching in their title first. An empty query keeps them all. */
export function filterFaq(items: FaqItem[], query: string): FaqItem[] {
  const words = fold(query).split(" ").filter(Boolean);
  if (words.length === 0) return items;
  const scored = items
    .map((item) => {
      const q = fold(item.question);
      const all = `${q} ${fold(item.answer.replace(/\]\([^)]*\)/g, "]"))}`;
      if (!words.every((w) => all.includes(w))) return null;
      return { item, inTitle: words.every((w) => q.includes(w)) };
    })
    .filter((x): x is { item: FaqItem; inTitle: boolean } => x !== null);
  return [...scored.filter((s) => s.inTitle), ...scored.filter((s) => !s.inTitle)].map((s) => s.item);
}
