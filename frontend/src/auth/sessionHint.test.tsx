import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { mayHaveSession, setSession, type Me } from "../api/client";
import { server } from "../test/server";
import { renderAt } from "../test/render";
import { useSession } from "./session";

function Probe() {
  const { user, loading } = useSession();
  return <p>{loading ? "attente" : (user?.first_name ?? "personne")}</p>;
}

describe("the session bootstrap", () => {
  it("does not ask the server on a first visit (no session in this browser)", async () => {
    localStorage.removeItem("passerelle.session");
    let asked = false;
    server.use(
      http.post("*/api/v1/auth/refresh", () => {
        asked = true;
        return HttpResponse.json({}, { status: 401 });
      }),
    );
    renderAt("/", <Probe />);
    expect(await screen.findByText("personne")).toBeInTheDocument();
    expect(asked).toBe(false);
  });

  it("restores the session of a browser that signed in", async () => {
    const user = { id: "u1", first_name: "Inès", role: "student" } as Me;
    server.use(http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", user })));
    renderAt("/", <Probe />);
    expect(await screen.findByText("Inès")).toBeInTheDocument();
  });

  it("remembers signing in and out", async () => {
    setSession("t", { id: "u1" } as Me);
    expect(mayHaveSession()).toBe(true);
    setSession(null, null);
    expect(mayHaveSession()).toBe(false);
    await waitFor(() => expect(localStorage.getItem("passerelle.session")).toBeNull());
  });
});
