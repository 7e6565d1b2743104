// School years and campaigns: read by everyone who needs dates, written by admins.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import type { IsoWeek } from "../../dates";
import { campaignsQuery } from "../pupils/space/queries";

type Family = "college" | "lycee";
type CampaignRequest = components["schemas"]["CampaignRequest"];

const yearPath = (year: string) => ({ params: { path: { school_year: year } } });

export function useSchoolYears() {
  return useQuery({ queryKey: keys.schoolYears.all, queryFn: () => unwrap(api.GET("/api/v1/school-years")) });
}

export function useSchoolYear(year: string | undefined) {
  return useQuery({
    queryKey: keys.schoolYears.detail(year ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/school-years/{school_year}", yearPath(year ?? ""))),
    enabled: !!year,
  });
}

export function useCampaigns(year: string) {
  return useQuery(campaignsQuery(year));
}

export function useSaveYearDates(year: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { starts_on: string; ends_on: string }) => unwrap(api.PUT("/api/v1/admin/school-years/{school_year}", { ...yearPath(year), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.schoolYears.all }),
  });
}

export function useSaveCampaign(year: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { family: Family; body: CampaignRequest }) =>
      unwrap(
        api.PUT("/api/v1/admin/campaigns/{school_year}/{grade_family}", { params: { path: { school_year: year, grade_family: v.family } }, body: v.body }),
      ),
    onSuccess: (data) => qc.setQueryData(keys.campaigns(year), data),
  });
}

export function useCloseYear(year: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) => unwrap(api.POST("/api/v1/admin/school-years/{school_year}/close", { ...yearPath(year), body: { dry_run: dryRun } })),
    onSuccess: (_data, dryRun) => (dryRun ? undefined : qc.invalidateQueries()),
  });
}

export function useSaveSecondeWeeks(year: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (weeks: IsoWeek[]) =>
      unwrap(api.PUT("/api/v1/admin/school-years/{school_year}/seconde-weeks", { ...yearPath(year), body: { seconde_weeks: weeks } })),
    onSuccess: (data) => {
      qc.setQueryData(keys.schoolYears.detail(year), data);
      return qc.invalidateQueries({ queryKey: keys.schools.all });
    },
  });
}
