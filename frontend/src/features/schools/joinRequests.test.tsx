import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { ClassCodes, JoinRequests, joinRequestsText } from "./JoinSections";

const request = {
  user_id: "p1",
  first_name: "Lina",
  last_name: "Benali",
  class_id: "c1",
  class_name: "3e A",
  contact: "lina@exemple.fr",
  requested_at: "2027-02-01T09:30:00",
};

describe("JoinRequests", () => {
  it("lists the requests and accepts one, then reads the list again", async () => {
    let waiting = [request];
    let sent: unknown = null;
    server.use(
      http.get("*/api/v1/schools/0750478M/join-requests", () => HttpResponse.json(waiting)),
      http.post("*/api/v1/schools/0750478M/join-requests/p1", async ({ request: r }) => {
        sent = await r.json();
        waiting = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt("/", <JoinRequests uai="0750478M" />);
    expect(await screen.findByText("lina@exemple.fr · demande du 1er février 2027")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: /Demandes d'inscription 1 en attente/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Accepter Lina Benali" }));
    expect(await screen.findByText("Lina Benali a rejoint la classe 3e A.")).toBeInTheDocument();
    expect(sent).toEqual({ decision: "approve" });
    expect(await screen.findByText(/Aucune demande en attente/)).toBeInTheDocument();
  });

  it("counts the requests on the follow-up, in good French", () => {
    expect(joinRequestsText(1)).toBe("1 élève demande à rejoindre sa classe");
    expect(joinRequestsText(3)).toBe("3 élèves demandent à rejoindre leur classe");
  });
});

describe("ClassCodes", () => {
  it("shows the code of the classes a teacher follows only", async () => {
    server.use(
      http.get("*/api/v1/schools/0750478M/classes", () =>
        HttpResponse.json([
          { id: "c1", school_year: "2026-2027", name: "3e A", grade: "troisieme", join_code: "K7PM-3XQA" },
          { id: "c2", school_year: "2026-2027", name: "3e B", grade: "troisieme", join_code: "ZZZZ-YYYY" },
        ]),
      ),
      http.get("*/api/v1/schools/0750478M/dashboard", () =>
        HttpResponse.json({
          school_year: "2026-2027",
          classes: [{ class_id: "c1", name: "3e A", grade: "troisieme" }],
          without_internship: [],
          without_application: [],
          to_nudge: [],
        }),
      ),
    );
    renderAt("/", <ClassCodes uai="0750478M" onlyFollowed />);
    expect(await screen.findByText("K7PM-3XQA")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Nouveau code pour la classe 3e A" })).toBeInTheDocument();
    expect(screen.queryByText("ZZZZ-YYYY")).not.toBeInTheDocument();
  });
});
