// Indicators: the referents' dashboard of their scope (and its CSV and XLSX exports), the public figures.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, downloadBlob } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";

export type StatsFilter = { school_year: string; department?: string; sector?: string };
export type StatsTable = "sectors" | "genders" | "departments" | "schools";

/** The figures shown stay on screen while the next filter's are read. */
export function useStats(filter: StatsFilter) {
  return useQuery({
    queryKey: keys.stats.dashboard(filter),
    queryFn: () => unwrap(api.GET("/api/v1/stats", { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

export type PrioritySchoolsFilter = { school_year: string; department?: string };

/** The REP and REP+ schools of the reader's scope (or one department of it) that have not
 *  started, the furthest behind first: a referent's call list. */
export function usePrioritySchools(filter: PrioritySchoolsFilter) {
  return useQuery({
    queryKey: keys.stats.prioritySchools(filter),
    queryFn: () => unwrap(api.GET("/api/v1/stats/priority-schools", { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** The campaign's figures at the end of each day (the weekly chart), oldest first. */
export function useStatsSeries(filter: PrioritySchoolsFilter, enabled: boolean) {
  return useQuery({
    queryKey: keys.stats.series(filter),
    queryFn: () => unwrap(api.GET("/api/v1/stats/series", { params: { query: filter } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Rebuilds the counters now (a referent who needs this minute's figures), then reads again. */
export function useRefreshStats() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/stats/refresh")),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["stats"] }),
  });
}

export function usePublicStats() {
  return useQuery({ queryKey: keys.stats.public, queryFn: () => unwrap(api.GET("/api/v1/public/stats")) });
}

/** A spreadsheet's format: CSV (UTF-8 with BOM, `;`) or an XLSX workbook. */
export type ExportFormat = "csv" | "xlsx";

/** One table of the dashboard as CSV or XLSX, or every table as one XLSX workbook (a sheet each,
 *  `table` null), with the filters shown. */
export function downloadStatsExport(table: StatsTable | null, filter: StatsFilter, format: ExportFormat = "csv"): Promise<Blob> {
  const params = new URLSearchParams({
    ...(table ? { table } : {}),
    ...(format === "xlsx" ? { format } : {}),
    school_year: filter.school_year,
    ...(filter.department ? { department: filter.department } : {}),
    ...(filter.sector ? { sector: filter.sector } : {}),
  });
  return downloadBlob(`/api/v1/stats/export?${params}`);
}

/** Every department (code, name, région, académie): the national view lists them all. */
export function useDepartments() {
  return useQuery({ queryKey: keys.reference.departments, queryFn: () => unwrap(api.GET("/api/v1/reference/departments")), staleTime: Infinity });
}
