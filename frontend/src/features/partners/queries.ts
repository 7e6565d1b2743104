// Partner associations' server state: their API credentials, webhooks and deliveries, their
// offers, and the admins' register of associations.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";

const opPath = (operatorId: string) => ({ params: { path: { operator_id: operatorId } } });

export function useMyOperators() {
  return useQuery({ queryKey: keys.operators.mine, queryFn: () => unwrap(api.GET("/api/v1/operators/me")) });
}

export function useOperatorOffers(operatorId: string) {
  return useQuery({
    queryKey: keys.operators.offers(operatorId),
    queryFn: () => unwrap(api.GET("/api/v1/operators/{operator_id}/offers", opPath(operatorId))),
  });
}

export function useCredentials(operatorId: string) {
  return useQuery({
    queryKey: keys.operators.credentials(operatorId),
    queryFn: () => unwrap(api.GET("/api/v1/operators/{operator_id}/credentials", opPath(operatorId))),
  });
}

export type CredentialAction = { action: "create"; label: string } | { action: "rotate" | "revoke"; credentialId: string };

/** Creates, rotates or revokes a credential; the list is read again either way. */
export function useCredentialAction(operatorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: CredentialAction) => {
      if (v.action === "create") return unwrap(api.POST("/api/v1/operators/{operator_id}/credentials", { ...opPath(operatorId), body: { label: v.label } }));
      const path = { params: { path: { operator_id: operatorId, credential_id: v.credentialId } } };
      if (v.action === "rotate") return unwrap(api.POST("/api/v1/operators/{operator_id}/credentials/{credential_id}/rotate", path));
      await unwrap(api.DELETE("/api/v1/operators/{operator_id}/credentials/{credential_id}", path));
      return undefined;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.operators.credentials(operatorId) }),
  });
}

export function useWebhooks(operatorId: string) {
  return useQuery({
    queryKey: keys.operators.webhooks(operatorId),
    queryFn: () => unwrap(api.GET("/api/v1/operators/{operator_id}/webhooks", opPath(operatorId))),
  });
}

export function useDeliveries(operatorId: string, webhookId: string) {
  return useQuery({
    queryKey: keys.operators.deliveries(operatorId, webhookId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/operators/{operator_id}/webhooks/{webhook_id}/deliveries", {
          params: { path: { operator_id: operatorId, webhook_id: webhookId }, query: { per_page: 100 } },
        }),
      ),
  });
}

export function useCreateWebhook(operatorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; events: string[] }) => unwrap(api.POST("/api/v1/operators/{operator_id}/webhooks", { ...opPath(operatorId), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.operators.webhooks(operatorId) }),
  });
}

export function useTestWebhook(operatorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(api.POST("/api/v1/operators/{operator_id}/webhooks/{webhook_id}/test", { params: { path: { operator_id: operatorId, webhook_id: webhookId } } })),
    onSuccess: (_data, webhookId) => qc.invalidateQueries({ queryKey: keys.operators.deliveries(operatorId, webhookId) }),
  });
}

export function useDeleteWebhook(operatorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(api.DELETE("/api/v1/operators/{operator_id}/webhooks/{webhook_id}", { params: { path: { operator_id: operatorId, webhook_id: webhookId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.operators.webhooks(operatorId) }),
  });
}

export function useAdminOperators() {
  return useQuery({ queryKey: keys.operators.admin, queryFn: () => unwrap(api.GET("/api/v1/admin/operators")) });
}

export function useRegisterOperator() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; siret: string; address: string; postal_code: string; city: string; departments: string[] }) =>
      unwrap(api.POST("/api/v1/admin/operators", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.operators.admin }),
  });
}

export function useSetOperatorFlag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { operatorId: string; flag: "full_search" | "open_data"; value: boolean }) =>
      unwrap(api.PATCH("/api/v1/admin/operators/{operator_id}", { ...opPath(v.operatorId), body: { [v.flag]: v.value } })),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.operators.admin }),
  });
}

export function useAddOperatorMember() {
  return useMutation({
    mutationFn: (v: { operatorId: string; email: string; first_name: string; last_name: string }) =>
      unwrap(
        api.POST("/api/v1/admin/operators/{operator_id}/members", {
          ...opPath(v.operatorId),
          body: { email: v.email, first_name: v.first_name, last_name: v.last_name },
        }),
      ),
  });
}

/** Issues a new static token for the historical v1 contract; the previous one stops working at once. */
export function useIssueLegacyToken(operatorId: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/operators/{operator_id}/legacy-token", opPath(operatorId))),
  });
}
