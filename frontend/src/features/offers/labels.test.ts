import { describe, expect, it } from "vitest";
import { boardingPlacesText, contactLink, distanceText } from "./labels";

describe("far from home's words", () => {
  it("say how far the offer is, from home or from the pupil's school", () => {
    expect(distanceText(47.6, "home", "college")).toBe("À environ 48\u00a0km de chez toi");
    expect(distanceText(2.4, "school", "college")).toBe("À environ 2\u00a0km de ton collège");
    expect(distanceText(12, "school", "lycee")).toBe("À environ 12\u00a0km de ton lycée");
    expect(distanceText(0.4, "home", "college")).toBe("À moins d'1\u00a0km de chez toi");
  });

  it("count a boarding house's places only when known", () => {
    expect(boardingPlacesText(1)).toBe("1 place pour les élèves en stage");
    expect(boardingPlacesText(6)).toBe("6 places pour les élèves en stage");
    expect(boardingPlacesText(null)).toBeNull();
  });

  it("turn a contact into a mail, phone or web link", () => {
    expect(contactLink("ce.0750708m@ac-paris.fr")).toEqual({ href: "mailto:ce.0750708m@ac-paris.fr", text: "ce.0750708m@ac-paris.fr", external: false });
    expect(contactLink("+33 4 77 10 11 12")).toEqual({ href: "tel:+33477101112", text: "+33 4 77 10 11 12", external: false });
    expect(contactLink("www.internat.fr")).toEqual({ href: "https://www.internat.fr/", text: "www.internat.fr", external: true });
    expect(contactLink("Demander au secrétariat")).toBeNull();
  });
});
