// The schools' server state: registration, classes, weeks, team, pupils, follow-up.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, uploadBody, type components, type StaffFunction } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import type { IsoWeek } from "./calendar";

type Grade = components["schemas"]["Grade"];
export type ImportReport = components["schemas"]["ImportReport"];
export type RegisterImportReport = components["schemas"]["RegisterImportReport"];

const path = (uai: string) => ({ params: { path: { uai } } });

/** A school setting changed: the school and the list of the user's schools are read again. */
const schoolChanged = (qc: ReturnType<typeof useQueryClient>, uai: string) =>
  Promise.all([qc.invalidateQueries({ queryKey: keys.schools.one(uai), exact: true }), qc.invalidateQueries({ queryKey: keys.schools.mine })]);

export function useMySchools() {
  return useQuery({ queryKey: keys.schools.mine, queryFn: () => unwrap(api.GET("/api/v1/schools/mine")) });
}

/** A principal registers the school; other staff ask to join it. */
export function useRegisterSchool() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { uai: string; asPrincipal: boolean; staffFunction: StaffFunction }) => {
      if (v.asPrincipal) await unwrap(api.POST("/api/v1/schools", { body: { uai: v.uai } }));
      else await unwrap(api.POST("/api/v1/schools/{uai}/join", { ...path(v.uai), body: { function: v.staffFunction } }));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.schools.mine }),
  });
}

export function useSchoolSearch(q: string | null) {
  return useQuery({
    queryKey: keys.reference.schools(q ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/reference/schools", { params: { query: { q: q ?? "", limit: 20 } } })),
    enabled: q !== null,
  });
}

export function useDashboard(uai: string, year: string) {
  return useQuery({
    queryKey: keys.schools.dashboard(uai, year),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/dashboard", { params: { path: { uai }, query: { school_year: year } } })),
  });
}

/** The pupils still without an internship: a CSV list, or an XLSX workbook with that list and the
 *  figures per class on a second sheet. */
export async function downloadDashboardExport(uai: string, year: string, format: "csv" | "xlsx" = "csv"): Promise<Blob> {
  return unwrap(
    api.GET("/api/v1/schools/{uai}/dashboard/export", { params: { path: { uai }, query: { school_year: year, format } }, parseAs: "blob" }),
  ) as unknown as Promise<Blob>;
}

export function useClasses(uai: string, year: string) {
  return useQuery({
    queryKey: keys.schools.classes(uai, year),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/classes", { params: { path: { uai }, query: { school_year: year } } })),
  });
}

/** A new class shows in the class lists and in the follow-up's figures. */
export function useAddClass(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { school_year: string; name: string; grade: Grade }) => unwrap(api.POST("/api/v1/schools/{uai}/classes", { ...path(uai), body })),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: keys.schools.classes(uai) }), qc.invalidateQueries({ queryKey: keys.schools.dashboard(uai) })]),
  });
}

type WeeksBody = { school_year: string; grade_family: "college" | "lycee"; weeks: IsoWeek[] };

export function useSchoolWeeks(uai: string, year: string) {
  return useQuery({
    queryKey: keys.schools.weeks(uai, year),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/weeks", { params: { path: { uai }, query: { school_year: year } } })),
  });
}

export function useCheckWeeks(uai: string) {
  return useMutation({ mutationFn: (body: WeeksBody) => unwrap(api.POST("/api/v1/schools/{uai}/weeks/check", { ...path(uai), body })) });
}

export function useSaveWeeks(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WeeksBody) => unwrap(api.PUT("/api/v1/schools/{uai}/weeks", { ...path(uai), body })),
    onSuccess: (_data, body) => qc.invalidateQueries({ queryKey: keys.schools.weeks(uai, body.school_year) }),
  });
}

export function useStaff(uai: string) {
  return useQuery({ queryKey: keys.schools.staff(uai), queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/staff", path(uai))) });
}

export function useInviteStaff(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; first_name: string; last_name: string; function: StaffFunction; class_ids: string[] }) =>
      unwrap(api.POST("/api/v1/schools/{uai}/staff", { ...path(uai), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.schools.staff(uai) }),
  });
}

export function useApproveStaff(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) =>
      unwrap(api.POST("/api/v1/schools/{uai}/staff/{user_id}/approve", { params: { path: { uai, user_id: memberId } }, body: { class_ids: [] } })),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.schools.staff(uai) }),
  });
}

export function useRevokeStaff(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) => unwrap(api.DELETE("/api/v1/schools/{uai}/staff/{user_id}", { params: { path: { uai, user_id: memberId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.schools.staff(uai) }),
  });
}

export function usePupils(uai: string) {
  return useQuery({ queryKey: keys.schools.pupils(uai), queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/pupils", path(uai))) });
}

/** New pupils change the list and the follow-up's figures. */
const pupilsChanged = (qc: ReturnType<typeof useQueryClient>, uai: string) =>
  Promise.all([qc.invalidateQueries({ queryKey: keys.schools.pupils(uai) }), qc.invalidateQueries({ queryKey: keys.schools.dashboard(uai) })]);

export function useInvitePupil(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { first_name: string; last_name: string; email: string | null; phone: string | null; class_id: string }) =>
      unwrap(api.POST("/api/v1/schools/{uai}/pupils", { ...path(uai), body })),
    onSuccess: () => pupilsChanged(qc, uai),
  });
}

/** A CSV list of pupils, sent as it is (the server reads and reports line by line). */
export function useImportPupils(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (csv: string) =>
      (await uploadBody<ImportReport>(`/api/v1/schools/${encodeURIComponent(uai)}/pupils/import`, "POST", csv, "text/csv; charset=utf-8")) as ImportReport,
    onSuccess: () => pupilsChanged(qc, uai),
  });
}

/** A file's bytes, through FileReader (every browser, and the tests' DOM). */
function bytesOf(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // A copy in this realm's ArrayBuffer (the tests' DOM hands out its own).
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer).slice().buffer);
    reader.onerror = () => reject(reader.error ?? new Error("Fichier illisible."));
    reader.readAsArrayBuffer(file);
  });
}

/** The register's export (XML) or a CSV, sent as its bytes: the server reads its encoding
 *  (the register writes ISO-8859-15, Excel Windows-1252). */
export function useImportRegister(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const xml = /\.xml$/i.test(file.name) || file.type.includes("xml");
      const path = `/api/v1/schools/${encodeURIComponent(uai)}/pupils/register-import`;
      // The bytes themselves (not the File object): the same body in every fetch implementation.
      const bytes = await bytesOf(file);
      return (await uploadBody<RegisterImportReport>(path, "POST", bytes, xml ? "application/xml" : "text/csv")) as RegisterImportReport;
    },
    // New classes and pupils: the class list, the pupils and the dashboard read again.
    onSuccess: () => Promise.all([pupilsChanged(qc, uai), qc.invalidateQueries({ queryKey: keys.schools.classes(uai) })]),
  });
}

export function useSplitPlacements(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (allowed: boolean) => unwrap(api.PUT("/api/v1/schools/{uai}/split-placements", { ...path(uai), body: { allowed } })),
    onSuccess: () => schoolChanged(qc, uai),
  });
}

export function useApproveSplit(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pupilId: string) =>
      unwrap(api.POST("/api/v1/schools/{uai}/pupils/{pupil_id}/split-approval", { params: { path: { uai, pupil_id: pupilId } }, body: { approved: true } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.schools.pupils(uai) }),
  });
}

export type SchoolDetail = components["schemas"]["SchoolResponse"];

/** One school as its staff see it (settings and the reader's function). */
export function useSchool(uai: string) {
  return useQuery({ queryKey: keys.schools.one(uai), queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}", path(uai))), enabled: uai !== "" });
}

export function useSearchScope(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { national_search: boolean; search_radius_km: number }) => unwrap(api.PUT("/api/v1/schools/{uai}/search-scope", { ...path(uai), body })),
    onSuccess: () => schoolChanged(qc, uai),
  });
}

export function useConsentSettings(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (scanRequired: boolean) => unwrap(api.PUT("/api/v1/schools/{uai}/consent-settings", { ...path(uai), body: { scan_required: scanRequired } })),
    onSuccess: () => schoolChanged(qc, uai),
  });
}

/** The principal lets a team member fill and sign the agreements (or stops it). */
export function useAgreementDelegation(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { memberId: string; delegate: boolean }) =>
      unwrap(
        api.PUT("/api/v1/schools/{uai}/staff/{user_id}/agreement-delegation", {
          params: { path: { uai, user_id: v.memberId } },
          body: { delegate: v.delegate },
        }),
      ),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.schools.staff(uai) }), qc.invalidateQueries({ queryKey: keys.agreements.all })]),
  });
}

/** Who read or changed the data of the school's pupils, newest first, 50 a page. */
export function useAccessLog(uai: string, page: number) {
  return useQuery({
    queryKey: keys.schools.accessLog(uai, page),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/audit", { params: { path: { uai }, query: { page } } })),
  });
}

/** Pupils who asked to join a class without its code (the classes the reader follows). */
export function useJoinRequests(uai: string) {
  return useQuery({ queryKey: keys.schools.joinRequests(uai), queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/join-requests", path(uai))) });
}

/** Accepting a request adds the pupil to the lists and the follow-up's figures. */
export function useAnswerJoinRequest(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { pupilId: string; decision: components["schemas"]["JoinVerdict"] }) =>
      unwrap(api.POST("/api/v1/schools/{uai}/join-requests/{pupil_id}", { params: { path: { uai, pupil_id: v.pupilId } }, body: { decision: v.decision } })),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: keys.schools.joinRequests(uai) }), pupilsChanged(qc, uai)]),
  });
}

/** A new class code: the old one stops working at once. */
export function useRenewJoinCode(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (classId: string) => unwrap(api.POST("/api/v1/schools/{uai}/classes/{class_id}/join-code", { params: { path: { uai, class_id: classId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.schools.classes(uai) }),
  });
}
