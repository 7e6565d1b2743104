// Pure helpers of the accounts' back office: what an account's state is, and the territories a
// referent's scope may name.
import type { components, Me } from "../../api/client";
import { formatDateTimeFr } from "../../dates";

type Department = components["schemas"]["DepartmentResponse"];
type Severity = "error" | "warning" | "info" | "success" | "new";

/** The badges an account shows, in words (never by colour alone). */
export function accountBadges(u: Me, now: Date = new Date()): { label: string; severity: Severity }[] {
  const out: { label: string; severity: Severity }[] = [];
  if (u.suspended_at) out.push({ label: "Suspendu", severity: "error" });
  else if (!isLocked(u, now)) out.push({ label: "Actif", severity: "success" });
  if (isLocked(u, now)) out.push({ label: `Verrouillé jusqu'au ${formatDateTimeFr(u.locked_until!)}`, severity: "warning" });
  if (!u.confirmed) out.push({ label: "Adresse non confirmée", severity: "info" });
  if (u.totp_enabled) out.push({ label: "Double authentification active", severity: "success" });
  else if (u.totp_required) out.push({ label: "Double authentification à configurer", severity: "new" });
  return out;
}

/** Locked for a while after repeated failed log-ins. */
export function isLocked(u: Me, now: Date = new Date()): boolean {
  return !!u.locked_until && new Date(u.locked_until).getTime() > now.getTime();
}

/** Académies or régions named by the departments' table, sorted by name, each once. */
export function areas(departments: Department[], kind: "academie" | "region"): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const d of departments) {
    const code = kind === "academie" ? d.academie_code : d.region_code;
    const name = kind === "academie" ? d.academie_name : d.region_name;
    if (code && name && !seen.has(code)) seen.set(code, name);
  }
  return [...seen.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, "fr"));
}
