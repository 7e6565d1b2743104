import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
import { renderAt } from "../../test/render";
import { server } from "../../test/server";
import { AssessmentsSection } from "./AssessmentsSection";

type AgreementView = components["schemas"]["AgreementView"];

const agreement = (viewer: string, starts_on = "2020-01-06") =>
  ({ id: "ag1", status: "signed", starts_on, ends_on: "2020-01-10", viewer }) as unknown as AgreementView;

const hostWord = { side: "host", attendance: "partial", behaviour: "Curieuse", word: "Bravo !", updated_at: "2020-01-10T16:00:00Z" };
const schoolWord = { side: "school", attendance: "full", behaviour: "", word: "Belle semaine", updated_at: "2020-01-11T16:00:00Z" };

describe("AssessmentsSection", () => {
  it("lets the host write its word once the week has begun, and says it is saved", async () => {
    let sent: unknown = null;
    server.use(
      http.get("*/api/v1/agreements/ag1/assessments", () => HttpResponse.json(sent ? [{ ...hostWord, ...(sent as object) }] : [])),
      http.put("*/api/v1/agreements/ag1/assessment", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json([{ ...hostWord, ...(sent as object) }]);
      }),
    );
    renderAt("/", <AssessmentsSection agreement={agreement("host")} />);
    await userEvent.click(await screen.findByLabelText("Présent une partie de la semaine"));
    await userEvent.type(screen.getByLabelText(/^Un mot pour l'élève/), "Reviens quand tu veux");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer l'appréciation" }));
    expect(await screen.findByText("Appréciation enregistrée : l'élève peut la lire.")).toBeInTheDocument();
    expect(sent).toEqual({ attendance: "partial", behaviour: "", word: "Reviens quand tu veux" });
  });

  it("tells the host before the first day that it comes later", async () => {
    server.use(http.get("*/api/v1/agreements/ag1/assessments", () => HttpResponse.json([])));
    renderAt("/", <AssessmentsSection agreement={agreement("host", "2999-01-04")} />);
    expect(await screen.findByText(/à partir du premier jour du stage, le 4 janvier 2999/)).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows the pupil both words, with tu", async () => {
    server.use(http.get("*/api/v1/agreements/ag1/assessments", () => HttpResponse.json([hostWord, schoolWord])));
    renderAt("/", <AssessmentsSection agreement={agreement("pupil")} />);
    expect(await screen.findByRole("heading", { name: "Le mot de ton tuteur" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Le mot de ton établissement" })).toBeInTheDocument();
    expect(screen.getByText("Bravo !")).toBeInTheDocument();
    expect(screen.getByText("Présent une partie de la semaine")).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("does not show the school's word to the host", async () => {
    server.use(http.get("*/api/v1/agreements/ag1/assessments", () => HttpResponse.json([schoolWord])));
    renderAt("/", <AssessmentsSection agreement={agreement("host")} />);
    expect(await screen.findByRole("button", { name: "Enregistrer l'appréciation" })).toBeInTheDocument();
    expect(screen.queryByText("Belle semaine")).toBeNull();
  });
});
