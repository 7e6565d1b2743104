import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { server } from "./server";
import { forgetRestoredSession } from "../api/client";

// Any request the test did not plan for fails the test: no silent network.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
// As in a browser that signed in before: the session bootstrap asks the server (tests of a
// first visit remove the hint, see src/auth/sessionHint.test.tsx).
beforeEach(() => {
  localStorage.setItem("passerelle.session", "1");
  forgetRestoredSession();
});
afterEach(() => {
  server.resetHandlers();
  cleanup();
});
afterAll(() => server.close());
