// Internships found outside Passerelle (family, network): the pupil declares one and the school
// validates it, or the staff who follow the pupil record one directly; each write refreshes the
// lists, the follow-up's figures and the pupils' rows it changes.
import type { Grade } from "../../i18n";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, downloadBlob, uploadBody, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { myExternalInternshipsQuery } from "../pupils/space/queries";
import { useClasses, useSchool, useSchoolWeeks } from "../schools/queries";
import type { IsoWeek } from "../../dates";

export type ExternalInternship = components["schemas"]["ExternalInternshipView"];
export type ExternalInternshipRequest = components["schemas"]["ExternalInternshipRequest"];
export type ExternalInternshipStatus = components["schemas"]["ExternalInternshipStatus"];

/** What the school answers a declaration: refusing says why (5 to 500 characters). */
export type Decision = { approved: boolean; reason?: string };

/** The scanned paper agreement: PDF, JPEG or PNG, 5 MB at most (the server checks again). */
export const SCAN_TYPES = "application/pdf,image/jpeg,image/png";
export const SCAN_MAX_BYTES = 5 * 1024 * 1024;

const enc = encodeURIComponent;
const schoolPath = (uai: string, id: string) => ({ params: { path: { uai, id } } });

// ----- The pupil -----

export function useMyExternalInternships(enabled = true) {
  return useQuery({ ...myExternalInternshipsQuery, enabled });
}

/** The pupil's own declarations changed (and, once validated, what their space says). */
const mineChanged = (qc: QueryClient) => qc.invalidateQueries({ queryKey: keys.pupils.externalInternships });

export function useDeclareExternalInternship() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ExternalInternshipRequest) => unwrap(api.POST("/api/v1/pupils/me/external-internships", { body })),
    onSuccess: () => mineChanged(qc),
  });
}

export function useWithdrawExternalInternship() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/pupils/me/external-internships/{id}", { params: { path: { id } } })),
    // Refused too (409: the school answered meanwhile): the list shows where it stands now.
    onSettled: () => mineChanged(qc),
  });
}

export function useAttachMyAgreement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; file: File }) =>
      uploadBody<ExternalInternship>(`/api/v1/pupils/me/external-internships/${enc(v.id)}/agreement`, "PUT", v.file, v.file.type || "application/octet-stream"),
    onSettled: () => mineChanged(qc),
  });
}

// ----- The school's staff -----

/** The school's records the reader follows (`declared`: those to answer), oldest first. */
export function useSchoolExternalInternships(uai: string, status?: ExternalInternshipStatus) {
  return useQuery({
    queryKey: keys.schools.externalInternships(uai, status),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/external-internships", { params: { path: { uai }, query: status ? { status } : {} } })),
  });
}

/** A record changed: the lists, the follow-up's figures, the pupils' rows and the pupil's file
 *  (its applications too: a validated internship withdraws those on its weeks). */
const schoolChanged = (qc: QueryClient, uai: string, pupilId?: string) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: ["schools", uai, "external-internships"] }),
    qc.invalidateQueries({ queryKey: keys.schools.dashboard(uai) }),
    qc.invalidateQueries({ queryKey: keys.schools.pupils(uai), exact: true }),
    pupilId ? qc.invalidateQueries({ queryKey: keys.schools.pupil(uai, pupilId) }) : undefined,
  ]);

export function useDecideExternalInternship(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; pupilId: string } & Decision) =>
      unwrap(
        api.POST("/api/v1/schools/{uai}/external-internships/{id}/decision", {
          ...schoolPath(uai, v.id),
          body: { approved: v.approved, reason: v.reason },
        }),
      ),
    // Refused too (409: a colleague answered, or a week was taken since): the lists are read again.
    onSettled: (_data, _error, v) => schoolChanged(qc, uai, v.pupilId),
  });
}

export function useRecordExternalInternship(uai: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ExternalInternshipRequest) =>
      unwrap(api.POST("/api/v1/schools/{uai}/pupils/{pupil_id}/external-internships", { params: { path: { uai, pupil_id: pupilId } }, body })),
    onSuccess: () => schoolChanged(qc, uai, pupilId),
  });
}

export function useRemoveExternalInternship(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; pupilId: string }) => unwrap(api.DELETE("/api/v1/schools/{uai}/external-internships/{id}", schoolPath(uai, v.id))),
    onSuccess: (_data, v) => schoolChanged(qc, uai, v.pupilId),
  });
}

export function useAttachAgreement(uai: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; pupilId: string; file: File }) =>
      uploadBody<ExternalInternship>(
        `/api/v1/schools/${enc(uai)}/external-internships/${enc(v.id)}/agreement`,
        "PUT",
        v.file,
        v.file.type || "application/octet-stream",
      ),
    onSuccess: (_data, v) => schoolChanged(qc, uai, v.pupilId),
  });
}

/** The scanned agreement (audited on the server). */
export const downloadExternalAgreement = (uai: string, id: string) => downloadBlob(`/api/v1/schools/${enc(uai)}/external-internships/${enc(id)}/agreement`);

/** The weeks a record may take for a pupil of `classId`, as the API checks them: the school's
 *  for the class's grade; in seconde, the school's lycée weeks or else the two national weeks
 *  (in June), never "any week" (the API refuses a seconde week outside them), and two weeks to
 *  record. Collège: the school's weeks, or `null` when it set none (the API then takes any week
 *  of the school year). The grade is the pupil's file's (`known`), else the class's; a class not
 *  in this year's list (or a list that cannot be read) takes the school's kind: a lycée's pupils
 *  on Passerelle are in seconde.
 *  `ready` is false until the grade and the weeks are known: nothing is proposed before. */
export function usePupilWeeksForStaff(
  uai: string,
  schoolYear: string,
  classId: string | undefined,
  known?: Grade | null,
): { weeks: IsoWeek[] | null; seconde: boolean; ready: boolean } {
  const classes = useClasses(uai, schoolYear);
  const weeks = useSchoolWeeks(uai, schoolYear).data;
  const grade = known ?? classes.data?.find((c) => c.id === classId)?.grade;
  const classesRead = classes.isSuccess || classes.isError;
  // The school (its kind) is asked only when the class does not say the grade.
  const school = useSchool(classesRead && grade === undefined ? uai : "");
  const seconde = grade ? grade === "seconde" : school.data?.school.kind === "lycee";
  const gradeKnown = grade !== undefined || (classesRead && (school.isSuccess || school.isError));
  if (!weeks || !gradeKnown) return { weeks: null, seconde, ready: false };
  if (seconde) return { weeks: weeks.lycee.length > 0 ? weeks.lycee : weeks.seconde_weeks, seconde, ready: true };
  return { weeks: weeks.college.length > 0 ? weeks.college : null, seconde, ready: true };
}
