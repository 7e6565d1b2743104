// The applications' server state: a pupil's own, a host's for one offer, a pupil's for the staff.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { myApplicationsQuery } from "../pupils/space/queries";
import type { IsoWeek } from "../../dates";

const appPath = (applicationId: string) => ({ params: { path: { application_id: applicationId } } });

/** An application's new state shows in the lists, the offer's places and the agreements. */
const applicationsChanged = (qc: QueryClient) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: keys.applications.all }),
    qc.invalidateQueries({ queryKey: keys.offers.all }),
    qc.invalidateQueries({ queryKey: keys.organisations.mine }),
    qc.invalidateQueries({ queryKey: keys.agreements.all }),
  ]);

export function useApply(offerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { weeks: IsoWeek[]; motivation: string }) =>
      unwrap(api.POST("/api/v1/offers/{offer_id}/applications", { params: { path: { offer_id: offerId } }, body })),
    onSuccess: () => applicationsChanged(qc),
  });
}

export function useMyApplications() {
  return useQuery(myApplicationsQuery);
}

/** The pupil confirms an accepted application or cancels one. The lists are read again either
 *  way (a refusal may come from a state changed elsewhere). */
export function usePupilApplicationAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { applicationId: string; action: "confirm" | "cancel" }) =>
      v.action === "confirm"
        ? unwrap(api.POST("/api/v1/applications/{application_id}/confirm", appPath(v.applicationId)))
        : unwrap(api.POST("/api/v1/applications/{application_id}/cancel", appPath(v.applicationId))),
    onSettled: () => applicationsChanged(qc),
  });
}

export function useOfferApplications(offerId: string) {
  return useQuery(offerApplications(offerId));
}

export type HostAction = { applicationId: string } & ({ action: "accept" | "travel-message" } | { action: "reject"; reason: string });

/** A host accepts, rejects or writes to the pupil about the journey. */
export function useHostApplicationAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: HostAction) => {
      const path = appPath(v.applicationId);
      if (v.action === "reject") await unwrap(api.POST("/api/v1/applications/{application_id}/reject", { ...path, body: { reason: v.reason } }));
      else if (v.action === "accept") await unwrap(api.POST("/api/v1/applications/{application_id}/accept", path));
      else await unwrap(api.POST("/api/v1/applications/{application_id}/travel-message", path));
    },
    onSettled: () => applicationsChanged(qc),
  });
}

export function usePupilApplications(uai: string, pupilId: string) {
  return useQuery({
    queryKey: keys.schools.pupilApplications(uai, pupilId),
    queryFn: () => unwrap(api.GET("/api/v1/schools/{uai}/pupils/{pupil_id}/applications", { params: { path: { uai, pupil_id: pupilId } } })),
  });
}

/** The host's inbox: the open applications to all the organisation's offers. */
export function useInbox(orgId: string | undefined) {
  return useQuery({
    queryKey: keys.organisations.inbox(orgId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/organisations/{org_id}/applications", { params: { path: { org_id: orgId ?? "" } } })),
    enabled: !!orgId,
  });
}

const offerApplications = (offerId: string) => ({
  queryKey: keys.offers.applications(offerId),
  queryFn: () => unwrap(api.GET("/api/v1/offers/{offer_id}/applications", { params: { path: { offer_id: offerId } } })),
});

/** The organisation's confirmed placements, each with its agreement's id and state, in one
 *  request. */
export function useConfirmedPlacements(orgId: string) {
  return useQuery({
    queryKey: keys.organisations.confirmed(orgId),
    queryFn: () => unwrap(api.GET("/api/v1/organisations/{org_id}/applications", { params: { path: { org_id: orgId }, query: { status: "confirmed" } } })),
    enabled: !!orgId,
  });
}

/** One application for its host; the server marks it read, so the inbox is read again after. */
export function useHostApplication(applicationId: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: keys.applications.host(applicationId),
    queryFn: async () => {
      const a = await unwrap(api.GET("/api/v1/applications/{application_id}", appPath(applicationId)));
      void qc.invalidateQueries({ queryKey: keys.organisations.mine, refetchType: "none" });
      return a;
    },
  });
}

/** Refuses several applications with one reason; each one succeeds or fails on its own. */
export function useRejectBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { application_ids: string[]; reason: string }) => unwrap(api.POST("/api/v1/applications/reject-batch", { body })),
    onSettled: () => applicationsChanged(qc),
  });
}

/** Passes an application on to a colleague (an e-mail with its link). */
export function useForwardApplication() {
  return useMutation({
    mutationFn: (v: { applicationId: string; memberId: string; note: string }) =>
      unwrap(api.POST("/api/v1/applications/{application_id}/forward", { ...appPath(v.applicationId), body: { user_id: v.memberId, note: v.note } })),
  });
}

/** The host cancels an accepted or confirmed placement; the pupil and the school are told. */
export function useCancelByHost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { applicationId: string; reason: string }) =>
      unwrap(api.POST("/api/v1/applications/{application_id}/cancel-by-host", { ...appPath(v.applicationId), body: { reason: v.reason } })),
    onSettled: () => applicationsChanged(qc),
  });
}
