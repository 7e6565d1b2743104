// Support's words and the queue's filters, kept apart from the screens so they are tested alone.
import type { components } from "../../api/client";

export type SupportCategory = components["schemas"]["SupportCategory"];
export type SupportStatus = components["schemas"]["SupportStatus"];

/** What the message is about, as the person chooses it (in this order). */
export const categoryLabels: Record<SupportCategory, string> = {
  account: "Mon compte",
  school: "Mon établissement",
  offer: "Une offre de stage",
  agreement: "Une convention",
  personal_data: "Mes données personnelles",
  accessibility: "L'accessibilité du site",
  other: "Autre question",
};

export const categories = Object.keys(categoryLabels) as SupportCategory[];

/** The queue's words for the same categories (admins read a list of topics). */
export const categoryTopics: Record<SupportCategory, string> = {
  account: "Compte",
  school: "Établissement",
  offer: "Offre de stage",
  agreement: "Convention",
  personal_data: "Données personnelles",
  accessibility: "Accessibilité",
  other: "Autre",
};

export const statusLabels: Record<SupportStatus, string> = { open: "Ouverte", closed: "Close" };

export type QueueFilter = { status: "open" | "closed" | "all"; category?: SupportCategory; assignee?: "me" | "none"; page: number };

const isCategory = (v: string | null): v is SupportCategory => v != null && v in categoryLabels;

/** The queue's filters from the address (?statut=closes&categorie=account&suivi=moi&page=2). */
export function queueFilterFrom(params: URLSearchParams): QueueFilter {
  const statut = params.get("statut");
  const suivi = params.get("suivi");
  const categorie = params.get("categorie");
  const page = Number(params.get("page"));
  return {
    status: statut === "closes" ? "closed" : statut === "toutes" ? "all" : "open",
    category: isCategory(categorie) ? categorie : undefined,
    assignee: suivi === "moi" ? "me" : suivi === "personne" ? "none" : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The address of a queue's page ("" for the default: open tickets, page 1). */
export function queueSearch(f: QueueFilter): string {
  const p = new URLSearchParams();
  if (f.status !== "open") p.set("statut", f.status === "closed" ? "closes" : "toutes");
  if (f.category) p.set("categorie", f.category);
  if (f.assignee) p.set("suivi", f.assignee === "me" ? "moi" : "personne");
  if (f.page > 1) p.set("page", String(f.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The filters in words, for the count read out above the table. */
export function queueFilterText(f: QueueFilter): string {
  const parts = [f.status === "open" ? "ouvertes" : f.status === "closed" ? "closes" : "ouvertes ou closes"];
  if (f.category) parts.push(`sujet « ${categoryTopics[f.category]} »`);
  if (f.assignee === "me") parts.push("prises en charge par moi");
  if (f.assignee === "none") parts.push("prises en charge par personne");
  return parts.join(", ");
}

/** The page the person wrote from: `?depuis=/offres/…` when a link says so, else the previous
 *  page of this site (document.referrer). Only a path of this site, never the contact page. */
export function originPage(depuis: string | null, referrer: string, origin: string): string | undefined {
  const candidates: string[] = [];
  if (depuis) candidates.push(depuis);
  try {
    const ref = referrer ? new URL(referrer) : null;
    if (ref && ref.origin === origin) candidates.push(`${ref.pathname}${ref.search}`);
  } catch {
    // Not an address: nothing to attach.
  }
  const page = candidates.find((c) => c.startsWith("/") && !c.startsWith("//") && !c.startsWith("/contact"));
  return page?.slice(0, 300);
}

/** "/contact?depuis=…": a link to the contact form that tells where it was followed from. */
export const contactLink = (from: string) => `/contact?depuis=${encodeURIComponent(from)}`;
