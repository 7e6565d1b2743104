// Words shown to people, in French, for the API's enumerations.
import type { Role, StaffFunction } from "./api/client";

export const roleLabels: Record<Role, string> = {
  student: "Élève",
  school_staff: "Personnel d'établissement",
  employer: "Organisme d'accueil",
  operator: "Association partenaire",
  referent: "Référent de l'État",
  admin: "Administrateur",
};

export const staffFunctionLabels: Record<StaffFunction, string> = {
  principal: "Chef d'établissement",
  main_teacher: "Professeur principal",
  teacher: "Enseignant",
  cpe: "Conseiller principal d'éducation",
  documentalist: "Professeur documentaliste",
  psychologist: "Psychologue de l'Éducation nationale",
  administrative: "Personnel administratif",
  other: "Autre",
};

export const selfServiceRoles: Role[] = ["student", "school_staff", "employer", "operator"];
