// The pupils' server state: the pupil's own profile and enrolment, and the file the school staff
// keep (legal representatives, parental consent and its scanned form, audit).
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, downloadBlob, uploadBody, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { useSession } from "../../auth/session";
import { useSchool } from "../schools/queries";
import { myPupilProfileQuery } from "./space/queries";

type Representative = components["schemas"]["LegalRepresentative"];
type ProfileRequest = components["schemas"]["ProfileRequest"];

const pupilPath = (uai: string, pupilId: string) => ({ params: { path: { uai, pupil_id: pupilId } } });
const consentFormUrl = (uai: string, pupilId: string) => `/api/v1/schools/${encodeURIComponent(uai)}/pupils/${encodeURIComponent(pupilId)}/consent-form`;

export function useMyPupilProfile() {
  return useQuery(myPupilProfileQuery);
}

export function useSaveProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileRequest) => unwrap(api.PUT("/api/v1/pupils/me/profile", { body })),
    onSuccess: (data) => qc.setQueryData(keys.pupils.me, data),
  });
}

export function usePublicClasses(uai: string | null) {
  return useQuery({
    queryKey: keys.schools.publicClasses(uai ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/public-classes", { params: { path: { uai: uai ?? "" } } })),
    enabled: uai !== null,
  });
}

/** The pupil chooses their class; with the class code they join at once, otherwise the school
 *  approves first. The answer is the new profile. */
export function useEnrol() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { classId: string; joinCode?: string }) =>
      unwrap(api.PUT("/api/v1/pupils/me/enrolment", { body: { class_id: v.classId, join_code: v.joinCode?.trim() || null } })),
    onSuccess: (data) => {
      qc.setQueryData(keys.pupils.me, data);
      // Joining a class changes which offers the pupil sees (some are reserved to schools).
      return qc.invalidateQueries({ queryKey: keys.offers.all });
    },
  });
}

export function usePupilDetail(uai: string, pupilId: string) {
  return useQuery({
    queryKey: keys.schools.pupil(uai, pupilId),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/pupils/{pupil_id}", pupilPath(uai, pupilId))),
  });
}

export function useSaveRepresentatives(uai: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (legal_representatives: Representative[]) =>
      unwrap(api.PUT("/api/v1/schools/{uai}/pupils/{pupil_id}/legal-representatives", { ...pupilPath(uai, pupilId), body: { legal_representatives } })),
    onSuccess: (data) => qc.setQueryData(keys.schools.pupil(uai, pupilId), data),
  });
}

/** The school records that the family lives in a priority neighbourhood (QPV): the offers
 *  reserved to priority education open to the pupil. */
export function useSetPriorityNeighbourhood(uai: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (livesInQpv: boolean) =>
      unwrap(api.PUT("/api/v1/schools/{uai}/pupils/{pupil_id}/priority-neighbourhood", { ...pupilPath(uai, pupilId), body: { lives_in_qpv: livesInQpv } })),
    onSuccess: (data) => qc.setQueryData(keys.schools.pupil(uai, pupilId), data),
  });
}

/** A consent changes the pupil's file, the school's pupil list and the follow-up's figures. */
const consentChanged = (qc: QueryClient, uai: string) =>
  Promise.all([qc.invalidateQueries({ queryKey: keys.schools.pupils(uai) }), qc.invalidateQueries({ queryKey: keys.schools.dashboard(uai) })]);

export function useRecordConsent(uai: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (consentDate: string) =>
      unwrap(api.POST("/api/v1/schools/{uai}/pupils/{pupil_id}/consent", { ...pupilPath(uai, pupilId), body: { consent_date: consentDate } })),
    onSuccess: () => consentChanged(qc, uai),
  });
}

/** Withdrawing a consent (with its reason, kept and audited) closes the pupil's search at once. */
export function useWithdrawConsent(uai: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST("/api/v1/schools/{uai}/pupils/{pupil_id}/consent/withdrawal", { ...pupilPath(uai, pupilId), body: { reason } })),
    onSuccess: (data) => {
      qc.setQueryData(keys.schools.pupil(uai, pupilId), data);
      return consentChanged(qc, uai);
    },
  });
}

export function useUploadConsentForm(uai: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadBody(consentFormUrl(uai, pupilId), "PUT", file, file.type || "application/octet-stream"),
    onSuccess: () => consentChanged(qc, uai),
  });
}

export const downloadConsentForm = (uai: string, pupilId: string) => downloadBlob(consentFormUrl(uai, pupilId));

/** Whether the signed-in user may read the school's audit (`GET /schools/{uai}/audit`: "the
 *  principal and admins only", schools::policy::may_manage): the school's principal, or an admin
 *  who is not on its staff. Anyone else would get 403. */
export function mayReadSchoolAudit(role: string | undefined, myFunction: string | null | undefined): boolean {
  if (myFunction) return myFunction === "principal";
  return role === "admin";
}

/** Who read or changed the pupil's data: asked only by those allowed to read it (the others are
 *  refused, and the section stays hidden). */
export function usePupilAudit(uai: string, pupilId: string) {
  const { user } = useSession();
  const school = useSchool(uai);
  return useQuery({
    queryKey: keys.schools.audit(uai, pupilId),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/audit", { params: { path: { uai }, query: { pupil_id: pupilId } } })),
    enabled: school.isSuccess && mayReadSchoolAudit(user?.role, school.data.my_function),
  });
}
