import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
import { hoursText, summaryParts } from "./OfferSummary";

type OfferRequest = components["schemas"]["OfferRequest"];

const offer: OfferRequest = {
  school_year: "2026-2027",
  title: "EDF - Énergie - Découverte des métiers de la distribution d'électricité",
  description: "Une semaine au poste de distribution.",
  sector_id: "s1",
  jobs: "Technicienne, chef d'équipe",
  activities: "",
  address: "3 rue de la Paix",
  postal_code: "42000",
  city: "Saint-Étienne",
  tutor_name: "Paul Martin",
  tutor_function: "Chef d'équipe",
  tutor_email: "paul@exemple.fr",
  tutor_phone: "",
  grades: ["seconde"],
  weeks: ["2027-W25", "2027-W26"],
  places_per_week: 1,
  group_mode: "group",
  reserved_schools: ["0420916T", ""],
  rep_only: true,
  schedule: [
    { day: "monday", start: "09:00", end: "16:30", lunch_break_minutes: 45 },
    { day: "tuesday", start: "08:30", end: "12:00", lunch_break_minutes: 0 },
  ],
  lunch: "none",
  accessibility: "",
  practical_info: "Chaussures fermées.",
  two_weeks_only: true,
};

const rows = (step: number) => Object.fromEntries(summaryParts(offer, "Énergie").find((p) => p.step === step)!.rows);

describe("the offer's summary before publishing", () => {
  it("says every part in words, with what is missing named", () => {
    expect(summaryParts(offer, "Énergie").map((p) => p.title)).toEqual(["L'offre", "Lieu et tuteur", "Élèves et semaines", "La semaine sur place"]);
    expect(rows(0)["Secteur d'activité"]).toBe("Énergie");
    expect(rows(0)["Activités prévues"]).toBe("Non renseigné");
    expect(rows(1)["Adresse"]).toBe("3 rue de la Paix, 42000 Saint-Étienne");
    expect(rows(1)["Contact du tuteur"]).toBe("paul@exemple.fr");
  });

  it("names the weeks, the places and the reservations of a seconde offer", () => {
    const r = rows(2);
    expect(r["Niveau"]).toBe("Lycée (seconde générale et technologique)");
    expect(r["Semaines"]).toMatch(/^semaine du 21 juin 2027 et semaine du 28 juin 2027$/);
    expect(r["Durée pour chaque élève"]).toBe("Les deux semaines uniquement");
    expect(r["Places"]).toBe("1 élève par semaine");
    expect(r["Accueil"]).toBe("En groupe (stage collectif)");
    expect(r["Réservée"]).toBe("aux élèves des établissements REP / REP+ et aux établissements 0420916T");
  });

  it("lists the hours one day a line, the pause only when there is one", () => {
    expect(rows(3)["Horaires"]).toBe("Lundi : 09 h 00 – 16 h 30, pause de 45 min\nMardi : 08 h 30 – 12 h 00");
    expect(hoursText("14:00", "17:00", 0)).toBe("14 h 00 – 17 h 00");
  });
});
