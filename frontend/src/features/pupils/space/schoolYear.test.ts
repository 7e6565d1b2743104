// The school year the pupil's space asks the campaigns of before the profile is here: the API's
// (a new year starts on 1 August).
import { describe, expect, it } from "vitest";
import { schoolYearOf } from "./queries";

describe("schoolYearOf", () => {
  it("starts a new year on 1 August", () => {
    expect(schoolYearOf("2026-12-07")).toBe("2026-2027");
    expect(schoolYearOf("2027-02-01")).toBe("2026-2027");
    expect(schoolYearOf("2027-07-31")).toBe("2026-2027");
    expect(schoolYearOf("2027-08-01")).toBe("2027-2028");
  });
});
