import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { server } from "./server";
import { forgetRestoredSession } from "../api/client";

// `findBy…` waits up to 5 s, not 1: in CI the suite shares two cores with the API's build, and
// a page that chains two answers (an offer, then its lodging) took longer than a second there.
// A test that waits for something that never comes still fails, only later.
configure({ asyncUtilTimeout: 5000 });

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
