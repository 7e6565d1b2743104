// Tests only: a department's row of the territory table, every figure zero unless given.
import type { components } from "../../../api/client";
import { zeroRow } from "../territory";

type TerritoryRow = components["schemas"]["TerritoryRow"];

export const row = (code: string, name: string, extra: Partial<TerritoryRow> = {}): TerritoryRow => ({ ...zeroRow(code, name), ...extra });
