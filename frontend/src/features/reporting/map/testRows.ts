// Tests only: a department's row of the territory table, every figure zero unless given.
import type { components } from "../../../api/client";

type TerritoryRow = components["schemas"]["TerritoryRow"];

export const row = (code: string, name: string, extra: Partial<TerritoryRow> = {}): TerritoryRow => ({
  code,
  name,
  offers: 0,
  places: 0,
  applications: 0,
  placements: 0,
  agreements_signed: 0,
  internships_done: 0,
  pupils: 0,
  pupils_placed: 0,
  pupils_placed_elsewhere: 0,
  target_total: null,
  reached_pct: null,
  ...extra,
});
