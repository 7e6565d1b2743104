// The admins' journal in words: the API records each change as an HTTP method and path
// ("POST /api/v1/admin/users/0193…/suspension"); people read "Compte suspendu" on "compte 0193…".
import type { components } from "../../api/client";
import { formatDateFr, instant } from "../../dates";

type AdminActor = components["schemas"]["AdminActor"];

export type AuditDescription = { action: string; target: string; link?: string };

/** Names the journal knows besides the path: a ministry's name for its id. */
export type AuditNames = { ministries?: Record<string, string> };

type Rule = { method: string; pattern: RegExp; action: string; target: (m: string[], names: AuditNames) => string; link?: (m: string[]) => string };

const SEG = "([^/]+)";
const rule = (method: string, path: string, action: string, target: (m: string[], names: AuditNames) => string, link?: (m: string[]) => string): Rule => ({
  method,
  pattern: new RegExp(`^/api/v1/${path.replace(/\{[a-z_]+\}/g, SEG)}$`),
  action,
  target,
  link,
});

const gradeFamilies: Record<string, string> = { college: "collège", lycee: "lycée" };
const targetKinds: Record<string, string> = { department: "département", ministry: "ministère" };
/** An id is long ("01a24bfb-0cf8-776a-…"): its first characters are enough to tell two apart. */
const short = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
const year = (m: string[]) => `année ${decodeURIComponent(m[1])}`;
const offer = (m: string[]) => `offre ${short(m[1])}`;
const offerLink = (m: string[]) => `/offres/${m[1]}`;
const account = (m: string[]) => `compte ${short(m[1])}`;
const school = (m: string[]) => `établissement ${m[1]}`;
const operator = (m: string[]) => `association ${short(m[1])}`;
const schoolSearch = (m: string[]) => `/admin/etablissements?q=${encodeURIComponent(m[1])}`;
/** A target's department by its code, a ministry by its name (its id when the list lacks it). */
function targetOf(m: string[], names: AuditNames): string {
  const code = decodeURIComponent(m[3]);
  const name = m[2] === "ministry" ? names.ministries?.[code] : undefined;
  return `${name ?? `${targetKinds[m[2]] ?? m[2]} ${code}`}, ${year(m)}`;
}

// The most precise first: a path matches the first rule it fits.
const RULES: Rule[] = [
  rule("POST", "admin/users", "Compte créé", () => "nouveau compte"),
  rule("POST", "admin/users/{id}/suspension", "Compte suspendu", account),
  rule("DELETE", "admin/users/{id}/suspension", "Compte réactivé", account),
  rule("DELETE", "admin/users/{id}/totp", "Double authentification réinitialisée", account),
  rule("PUT", "admin/targets/{year}/{kind}/{code}", "Objectif de la campagne fixé", targetOf),
  rule("PUT", "admin/platform-mode", "Mode de la plateforme changé", () => "plateforme"),
  rule("POST", "admin/ministries", "Ministère ajouté", () => "liste des ministères"),
  rule("POST", "admin/offer-reports/{id}/decision", "Signalement traité", (m) => `signalement ${short(m[1])}`),
  rule("POST", "admin/offers/{id}/restore", "Offre rétablie", offer, offerLink),
  rule("PUT", "admin/school-years/{year}", "Année scolaire enregistrée", year),
  rule("POST", "admin/school-years/{year}/close", "Année scolaire close", year),
  rule("PUT", "admin/school-years/{year}/seconde-weeks", "Semaines de seconde fixées", year),
  rule("PUT", "admin/campaigns/{year}/{family}", "Campagne programmée", (m) => `${gradeFamilies[m[2]] ?? m[2]}, ${year(m)}`),
  rule("POST", "admin/operators", "Association partenaire enregistrée", () => "nouvelle association"),
  rule("PATCH", "admin/operators/{id}", "Association partenaire modifiée", operator),
  rule("POST", "admin/operators/{id}/members", "Membre ajouté à une association", operator),
  rule("POST", "operators/{id}/credentials", "Identifiants d'API créés", operator),
  rule("DELETE", "operators/{id}/credentials/{cred}", "Identifiants d'API révoqués", operator),
  rule("POST", "operators/{id}/credentials/{cred}/rotate", "Secret d'API renouvelé", operator),
  rule("POST", "operators/{id}/legacy-token", "Jeton historique renouvelé", operator),
  rule("POST", "operators/{id}/webhooks", "Webhook enregistré", operator),
  rule("DELETE", "operators/{id}/webhooks/{hook}", "Webhook arrêté", operator),
  rule("POST", "operators/{id}/webhooks/{hook}/test", "Webhook testé", operator),
  rule("PUT", "admin/organisations/{id}", "Organisme corrigé", (m) => `organisme ${short(m[1])}`),
  rule("POST", "admin/organisations/{id}/merge", "Organismes fusionnés", (m) => `doublon ${short(m[1])} (supprimé)`),
  rule("PUT", "admin/schools/{uai}", "Établissement corrigé", school, schoolSearch),
  rule("POST", "admin/schools/{uai}/merge", "Établissements regroupés", (m) => `doublon ${m[1]}`, schoolSearch),
  rule("PUT", "schools/{uai}/priority-derogation", "Dérogation éducation prioritaire accordée", school),
  rule("DELETE", "schools/{uai}/priority-derogation", "Dérogation éducation prioritaire retirée", school),
  rule("PUT", "offers/{id}", "Offre modifiée", offer, offerLink),
  rule("DELETE", "offers/{id}", "Offre supprimée", offer),
  rule("POST", "offers/{id}/unpublish", "Offre retirée de la recherche", offer, offerLink),
  rule("POST", "offers/{id}/publish", "Offre publiée", offer, offerLink),
];

const methodLabels: Record<string, string> = { POST: "Création ou action", PUT: "Modification", PATCH: "Modification", DELETE: "Suppression" };

/** What an admin did, in French, from the recorded method and path. An operation this list does
 *  not know yet is still shown, with its path, rather than hidden. */
export function describeAdminAction(method: string, path: string, names: AuditNames = {}): AuditDescription {
  const clean = path.split("?")[0].replace(/\/+$/, "");
  for (const r of RULES) {
    if (r.method !== method.toUpperCase()) continue;
    const m = clean.match(r.pattern);
    if (m) return { action: r.action, target: r.target(m, names), link: r.link?.(m) };
  }
  return { action: methodLabels[method.toUpperCase()] ?? method, target: clean.replace(/^\/api\/v1\//, "") };
}

const parisTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "1er février 2027 à 14:05", in Paris time whatever the browser's zone. */
export function parisDateTime(at: string): string {
  const parts = parisTime.formatToParts(instant(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = get("day") === "1" ? "1er" : get("day");
  return `${day} ${get("month")} ${get("year")} à ${get("hour")}:${get("minute")}`;
}

/** The journal's "Type d'action" filter: each kind is the path prefix its operations share (the
 *  API filters on one prefix), named like the actions above. The slug goes in the page's address. */
export const auditKinds = [
  { slug: "comptes", label: "Comptes (création, suspension, double authentification)", prefix: "/api/v1/admin/users" },
  { slug: "signalements", label: "Signalements d'offres traités", prefix: "/api/v1/admin/offer-reports/" },
  { slug: "offres-retablies", label: "Offres masquées rétablies", prefix: "/api/v1/admin/offers/" },
  { slug: "offres", label: "Offres modifiées, publiées, retirées ou supprimées", prefix: "/api/v1/offers/" },
  { slug: "objectifs", label: "Objectifs de la campagne", prefix: "/api/v1/admin/targets/" },
  { slug: "annees", label: "Années scolaires et semaines de seconde", prefix: "/api/v1/admin/school-years/" },
  { slug: "campagnes", label: "Campagnes", prefix: "/api/v1/admin/campaigns/" },
  { slug: "plateforme", label: "Mode de la plateforme", prefix: "/api/v1/admin/platform-mode" },
  { slug: "ministeres", label: "Ministères", prefix: "/api/v1/admin/ministries" },
  { slug: "associations", label: "Associations partenaires", prefix: "/api/v1/admin/operators" },
  { slug: "acces-api", label: "Accès à l'API des associations (identifiants, webhooks)", prefix: "/api/v1/operators/" },
  { slug: "derogations", label: "Dérogations éducation prioritaire", prefix: "/api/v1/schools/" },
  { slug: "organismes", label: "Organismes corrigés ou fusionnés", prefix: "/api/v1/admin/organisations/" },
  { slug: "etablissements", label: "Établissements corrigés ou regroupés", prefix: "/api/v1/admin/schools/" },
] as const;

export type AuditFilter = { page: number; type?: string; actorId?: string; from?: string; to?: string };

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** The journal's filters as read from the page's address (?type=comptes&admin=…&du=…&au=…&page=2);
 *  whatever is malformed is ignored rather than sent. */
export function auditFilterFrom(params: URLSearchParams): AuditFilter {
  const asked = Number(params.get("page") ?? "1");
  const type = params.get("type");
  return {
    page: Number.isInteger(asked) && asked >= 1 ? asked : 1,
    type: auditKinds.some((k) => k.slug === type) ? (type ?? undefined) : undefined,
    actorId: params.get("admin") || undefined,
    from: isDay(params.get("du")) ? (params.get("du") ?? undefined) : undefined,
    to: isDay(params.get("au")) ? (params.get("au") ?? undefined) : undefined,
  };
}

/** The address of a journal's page with these filters (the empty ones left out, page 1 implied). */
export function auditSearch(f: AuditFilter): string {
  const p = new URLSearchParams();
  if (f.type) p.set("type", f.type);
  if (f.actorId) p.set("admin", f.actorId);
  if (f.from) p.set("du", f.from);
  if (f.to) p.set("au", f.to);
  if (f.page > 1) p.set("page", String(f.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The API's query for these filters. */
export function auditQuery(f: AuditFilter) {
  return {
    page: f.page,
    actor_id: f.actorId,
    path_prefix: auditKinds.find((k) => k.slug === f.type)?.prefix,
    from: f.from,
    to: f.to,
  };
}

/** Whether any filter narrows the journal. */
export const isFiltered = (f: AuditFilter) => !!(f.type || f.actorId || f.from || f.to);

/** The filters in words, for the line that gives the total: "« Comptes … », par Claire Bernard,
 *  du 1er février 2027 au 3 février 2027" (empty without filters). */
export function auditFilterText(f: AuditFilter, adminName?: string): string {
  const parts: string[] = [];
  const kind = auditKinds.find((k) => k.slug === f.type);
  if (kind) parts.push(`« ${kind.label} »`);
  if (f.actorId) parts.push(adminName ? `par ${adminName}` : "par l'administrateur choisi");
  if (f.from && f.to) parts.push(f.from === f.to ? `le ${formatDateFr(f.from)}` : `du ${formatDateFr(f.from)} au ${formatDateFr(f.to)}`);
  else if (f.from) parts.push(`depuis le ${formatDateFr(f.from)}`);
  else if (f.to) parts.push(`jusqu'au ${formatDateFr(f.to)}`);
  return parts.join(", ");
}

/** An actor of the journal as the filter lists them: "Claire Bernard", "Paul Durand (ancien
 *  administrateur)", "Compte supprimé" when the account is gone. */
export function actorLabel(a: AdminActor): string {
  const name = a.name.trim();
  if (!name) return `Compte supprimé (${a.id.length > 12 ? `${a.id.slice(0, 8)}…` : a.id})`;
  return a.still_admin ? name : `${name} (ancien administrateur)`;
}

/** Today's admins first, then former ones, each by name. */
export function sortActors(actors: AdminActor[]): AdminActor[] {
  return [...actors].sort((a, b) => Number(b.still_admin) - Number(a.still_admin) || a.name.localeCompare(b.name, "fr"));
}
