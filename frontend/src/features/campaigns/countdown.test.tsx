import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { CampaignCountdown, remaining } from "./Countdown";

const phase = (open: boolean, utc: string | null) => ({ opens_at: null, opens_at_utc: utc, opens_at_text: utc ? "samedi 13 février 2027 à 14 h" : null, open });

describe("CampaignCountdown", () => {
  it("counts down from the server's time and shows the offers already published", async () => {
    server.use(
      http.get("*/api/v1/campaigns/:year", () =>
        HttpResponse.json([
          {
            school_year: "2026-2027",
            grade_family: "college",
            hosts_publish: phase(true, null),
            pupils_search: phase(false, "2027-02-13T13:00:00"),
            pupils_apply: phase(false, "2027-02-13T13:00:00"),
            offers_published: 42,
            now_utc: "2027-02-12T12:59:50",
          },
          {
            school_year: "2026-2027",
            grade_family: "lycee",
            hosts_publish: phase(true, null),
            pupils_search: phase(true, null),
            pupils_apply: phase(true, null),
            offers_published: 0,
            now_utc: "2027-02-12T12:59:50",
          },
        ]),
      ),
    );
    renderAt("/espace", <CampaignCountdown schoolYear="2026-2027" family="college" />, "/espace");
    expect(await screen.findByText("La recherche de stage ouvre le samedi 13 février 2027 à 14 h")).toBeInTheDocument();
    expect(screen.getByText(/42 offres déjà publiées/)).toBeInTheDocument();
    expect(screen.getByText(/Encore 1 j 0 h 00 min 1\d s/)).toBeInTheDocument();
  });

  it("formats what is left", () => {
    expect(remaining(((2 * 24 + 3) * 3600 + 5 * 60 + 9) * 1000)).toBe("2 j 3 h 05 min 09 s");
    expect(remaining(61_000)).toBe("01 min 01 s");
    expect(remaining(0)).toBe("");
  });
});
