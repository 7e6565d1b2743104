// After the internship: the pupil's questionnaire, the answers a school reads, the anonymous
// summary a host reads, the referents' quality table and the week's words on an agreement.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { myFeedbackQuery } from "../pupils/space/queries";

export type FeedbackQuestion = components["schemas"]["FeedbackQuestion"];
export type FeedbackAnswers = components["schemas"]["FeedbackAnswers"];
export type ClassFeedback = components["schemas"]["ClassFeedback"];
export type OrganisationFeedback = components["schemas"]["OrganisationFeedbackResponse"];
export type HostQuality = components["schemas"]["HostQuality"];
export type Assessment = components["schemas"]["AssessmentResponse"];
export type AssessmentRequest = components["schemas"]["AssessmentRequest"];

/** The pupil's questions, one per finished internship (only for a pupil: `enabled`). */
export function useMyFeedback(enabled = true) {
  return useQuery({ ...myFeedbackQuery, enabled });
}

/** Answers (or corrects) one question; the school's and the host's views read it next time. */
export function useAnswerFeedback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { applicationId: string; body: FeedbackAnswers }) =>
      unwrap(api.PUT("/api/v1/me/feedback/{application_id}", { params: { path: { application_id: v.applicationId } }, body: v.body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["feedback"] }),
  });
}

/** The answers of the pupils a staff member follows, one class or all. */
export function useSchoolFeedback(uai: string, classId?: string) {
  return useQuery({
    queryKey: keys.feedback.school(uai, classId),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/feedback", { params: { path: { uai }, query: classId ? { class_id: classId } : {} } })),
    placeholderData: keepPreviousData,
  });
}

/** What pupils said of an organisation's internships (anonymous, from `min_answers` on). */
export function useOrganisationFeedback(orgId: string, schoolYear: string) {
  return useQuery({
    queryKey: keys.feedback.organisation(orgId, schoolYear),
    queryFn: () => unwrap(api.GET("/api/v1/organisations/{org_id}/feedback", { params: { path: { org_id: orgId }, query: { school_year: schoolYear } } })),
    enabled: !!orgId,
    placeholderData: keepPreviousData,
  });
}

export type QualityFilter = { school_year: string; department?: string };

/** Quality per host over the referent's territory. */
export function useQuality(filter: QualityFilter) {
  return useQuery({
    queryKey: keys.feedback.quality(filter),
    queryFn: () => unwrap(api.GET("/api/v1/reporting/quality", { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** The host's and the school's words on the week of one agreement. */
export function useAssessments(agreementId: string) {
  return useQuery({
    queryKey: keys.feedback.assessments(agreementId),
    queryFn: () => unwrap(api.GET("/api/v1/agreements/{agreement_id}/assessments", { params: { path: { agreement_id: agreementId } } })),
  });
}

/** Writes (or corrects) the reader's side: the host's for its members, the school's for its staff. */
export function useWriteAssessment(agreementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentRequest) =>
      unwrap(api.PUT("/api/v1/agreements/{agreement_id}/assessment", { params: { path: { agreement_id: agreementId } }, body })),
    onSuccess: (data) => {
      qc.setQueryData(keys.feedback.assessments(agreementId), data);
      return qc.invalidateQueries({ queryKey: keys.feedback.assessments(agreementId) });
    },
  });
}
