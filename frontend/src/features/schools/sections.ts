// The school's space, section by section: which sections a staff member sees, in which order.
import type { components } from "../../api/client";

type SchoolResponse = components["schemas"]["SchoolResponse"];

export type SectionId = "suivi" | "conventions" | "retours" | "eleves" | "classes" | "semaines" | "equipe" | "parametres" | "journal";

export const DEFAULT_SECTION: SectionId = "suivi";

type SectionDef = { id: SectionId; label: string; who: "all" | "whole_school" | "principal" };

const SECTIONS: SectionDef[] = [
  { id: "suivi", label: "Suivi", who: "all" },
  { id: "conventions", label: "Conventions", who: "all" },
  { id: "retours", label: "Retours de stage", who: "all" },
  { id: "eleves", label: "Élèves", who: "all" },
  { id: "classes", label: "Classes", who: "principal" },
  { id: "semaines", label: "Semaines de stage", who: "principal" },
  { id: "equipe", label: "Équipe", who: "whole_school" },
  { id: "parametres", label: "Paramètres", who: "principal" },
  { id: "journal", label: "Journal d'accès", who: "principal" },
];

/** The sections this member sees: teachers follow their classes; the principal manages. */
export function sectionsFor(school: Pick<SchoolResponse, "my_function">): SectionDef[] {
  const fn = school.my_function ?? "";
  const principal = fn === "principal";
  const wholeSchool = !["main_teacher", "teacher"].includes(fn);
  return SECTIONS.filter((s) => s.who === "all" || (s.who === "principal" && principal) || (s.who === "whole_school" && wholeSchool));
}
