// The agreements' server state: lists, one agreement and its parts, signatures, absences,
// attestation, PDFs, the public verification and the legal representatives' signing link.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, downloadBlob, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { agreementsQuery } from "../pupils/space/queries";

type AgreementView = components["schemas"]["AgreementView"];
type HostPart = components["schemas"]["HostPart"];
type SchoolPart = components["schemas"]["SchoolPart"];

const path = (agreementId: string) => ({ params: { path: { agreement_id: agreementId } } });

export function useAgreements(enabled = true) {
  return useQuery({ ...agreementsQuery, enabled });
}

export function useAgreement(agreementId: string) {
  return useQuery({ queryKey: keys.agreements.detail(agreementId), queryFn: () => unwrap(api.GET("/api/v1/agreements/{agreement_id}", path(agreementId))) });
}

/** A write that answers with the agreement: the answer replaces the cached one, and the lists
 *  (their states and who is awaited) are read again. */
function useAgreementWrite<V>(agreementId: string, write: (v: V) => Promise<AgreementView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (data) => {
      qc.setQueryData(keys.agreements.detail(agreementId), data);
      return qc.invalidateQueries({ queryKey: keys.agreements.list });
    },
  });
}

export const useSaveHostPart = (agreementId: string) =>
  useAgreementWrite(agreementId, (body: HostPart) => unwrap(api.PUT("/api/v1/agreements/{agreement_id}/host-part", { ...path(agreementId), body })));

export const useSaveSchoolPart = (agreementId: string) =>
  useAgreementWrite(agreementId, (body: SchoolPart) => unwrap(api.PUT("/api/v1/agreements/{agreement_id}/school-part", { ...path(agreementId), body })));

export const useSignAgreement = (agreementId: string) =>
  useAgreementWrite(agreementId, (documentHash: string) =>
    unwrap(api.POST("/api/v1/agreements/{agreement_id}/sign", { ...path(agreementId), body: { document_hash: documentHash } })),
  );

/** The school's signer signs several agreements at once, each at the text (hash) they were shown;
 *  the answer says, agreement by agreement, what was signed. */
export function useSignBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: { agreement_id: string; document_hash: string }[]) => unwrap(api.POST("/api/v1/agreements/sign-batch", { body: { items } })),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.agreements.all }),
  });
}

export const useRequestAttestation = (agreementId: string) =>
  useAgreementWrite(agreementId, () => unwrap(api.POST("/api/v1/agreements/{agreement_id}/attestation-request", path(agreementId))));

export const useIssueAttestation = (agreementId: string) =>
  useAgreementWrite(agreementId, (daysPresent: string[]) =>
    unwrap(api.POST("/api/v1/agreements/{agreement_id}/attestation", { ...path(agreementId), body: { days_present: daysPresent } })),
  );

export function useResendSigningLinks(agreementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/agreements/{agreement_id}/signing-links", path(agreementId))),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.agreements.detail(agreementId) }),
  });
}

export function useReportAbsence(agreementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { day: string; kind: string; note: string }) =>
      unwrap(api.POST("/api/v1/agreements/{agreement_id}/absences", { ...path(agreementId), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.agreements.detail(agreementId) }),
  });
}

/** The agreement's or the attestation's PDF. */
export const downloadAgreementPdf = (agreementId: string, file: "pdf" | "attestation.pdf") =>
  downloadBlob(`/api/v1/agreements/${encodeURIComponent(agreementId)}/${file}`);

/** Anyone checks a printed agreement: a read on demand, never cached. */
export function useVerifyAgreement() {
  return useMutation({
    mutationFn: (v: { id: string; hash: string }) =>
      unwrap(api.GET("/api/v1/agreements/{agreement_id}/verify", { params: { path: { agreement_id: v.id }, query: { hash: v.hash } } })),
  });
}

const tokenPath = (token: string) => ({ params: { path: { token } } });

export function useSigningLink(token: string) {
  return useQuery({ queryKey: keys.agreements.signing(token), queryFn: () => unwrap(api.GET("/api/v1/signing/{token}", tokenPath(token))) });
}

export function useAskSigningCode(token: string) {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/signing/{token}/code", tokenPath(token))) });
}

export function useSignAsRepresentative(token: string) {
  return useMutation({
    mutationFn: (body: { code: string; document_hash: string }) => unwrap(api.POST("/api/v1/signing/{token}/sign", { ...tokenPath(token), body })),
  });
}
