// A fake API at the edge of the frontend tests (MSW), answering with the shapes of the
// generated schema. Each test declares the answers it needs.
import { setupServer } from "msw/node";
import { http, HttpResponse } from "msw";

export const server = setupServer(
  // By default nobody is signed in: the session bootstrap's refresh fails.
  http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ code: "SESSION_EXPIRED", message: "Votre session a expiré." }, { status: 401 })),
  // The platform runs normally unless a test says otherwise.
  http.get("*/api/v1/platform-status", () => HttpResponse.json({ mode: "normal", message: "" })),
);
