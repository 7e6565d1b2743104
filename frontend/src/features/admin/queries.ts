// Admins' and referents' server state: the moderation queue and priority-education derogations.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";

export function useOfferReports() {
  return useQuery({ queryKey: keys.admin.offerReports, queryFn: () => unwrap(api.GET("/api/v1/admin/offer-reports")) });
}

/** A decision leaves the queue and may hide the offer. */
export function useDecideReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { reportId: string; decision: "hide" | "keep" | "contact"; note: string }) =>
      unwrap(
        api.POST("/api/v1/admin/offer-reports/{report_id}/decision", {
          params: { path: { report_id: v.reportId } },
          body: { decision: v.decision, note: v.note },
        }),
      ),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: keys.admin.offerReports }), qc.invalidateQueries({ queryKey: keys.offers.all })]),
  });
}

export function useGrantDerogation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { uai: string; reason: string }) =>
      unwrap(api.PUT("/api/v1/schools/{uai}/priority-derogation", { params: { path: { uai: v.uai } }, body: { reason: v.reason } })),
    onSuccess: (_data, v) => qc.invalidateQueries({ queryKey: keys.schools.one(v.uai) }),
  });
}

export function useWithdrawDerogation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (uai: string) => unwrap(api.DELETE("/api/v1/schools/{uai}/priority-derogation", { params: { path: { uai } } })),
    onSuccess: (_data, uai) => qc.invalidateQueries({ queryKey: keys.schools.one(uai) }),
  });
}
