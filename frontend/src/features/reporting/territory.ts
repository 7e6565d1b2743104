// The referent's territory in words, and the departments their view must list (those at zero too).
import type { components } from "../../api/client";
import { de } from "../../i18n";

type Scope = components["schemas"]["Scope"];
type Department = components["schemas"]["DepartmentResponse"];
type TerritoryRow = components["schemas"]["TerritoryRow"];

/** "Paris (département 75)", "Académie de Créteil", "Île-de-France (région)", "France entière"… */
export function scopeLabel(scope: Scope | null | undefined, departments: Department[], ministries: { id: string; name: string }[] = []): string {
  if (!scope || scope.kind === "national") return "France entière";
  const code = scope.code;
  switch (scope.kind) {
    case "department": {
      const d = departments.find((x) => x.code === code);
      return d ? `${d.name} (département ${d.code})` : `Département ${code}`;
    }
    case "academie": {
      const name = departments.find((x) => x.academie_code === code)?.academie_name;
      return name ? `Académie ${de(name)}` : `Académie ${code}`;
    }
    case "region": {
      const name = departments.find((x) => x.region_code === code)?.region_name;
      return name ? `${name} (région)` : `Région ${code}`;
    }
    case "ministry": {
      const name = ministries.find((m) => m.id === code)?.name;
      return name ? `${name} (offres publiques)` : "Offres publiques d'un ministère";
    }
  }
}

/** The departments a scope covers (none for a ministry: its view is not territorial). */
export function departmentsOfScope(scope: Scope | null | undefined, departments: Department[]): Department[] {
  if (!scope || scope.kind === "national") return departments;
  if (scope.kind === "department") return departments.filter((d) => d.code === scope.code);
  if (scope.kind === "academie") return departments.filter((d) => d.academie_code === scope.code);
  if (scope.kind === "region") return departments.filter((d) => d.region_code === scope.code);
  return [];
}

/** A department's row with nothing counted yet: the API leaves out the departments where nothing
 *  happened, so their figures are truly zero (and their rates unknown). */
export const zeroRow = (code: string, name: string): TerritoryRow => ({
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
  coverage_pct: null,
  target_total: null,
  reached_pct: null,
});

const zero = (d: Department): TerritoryRow => zeroRow(d.code, d.name);

/** The dashboard's rows plus a row at zero for each department of the scope it does not name,
 *  in the order of department codes (2A and 2B after 19, overseas last). */
export function withEveryDepartment(rows: TerritoryRow[], scopeDepartments: Department[]): TerritoryRow[] {
  const seen = new Set(rows.map((r) => r.code));
  const all = [...rows, ...scopeDepartments.filter((d) => !seen.has(d.code)).map(zero)];
  return all.sort((a, b) => departmentOrder(a.code).localeCompare(departmentOrder(b.code)));
}

function departmentOrder(code: string): string {
  if (code === "2A") return "200";
  if (code === "2B") return "201";
  return code.length === 2 ? `${code}0` : code;
}
