// Admins' and referents' server state: accounts, targets, the platform mode, ministries, the
// moderation queue and the hidden offers, priority-education derogations, the admins' journal,
// duplicate organisations and schools (corrected, merged).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components, type Role } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";

export function useOfferReports() {
  return useQuery({
    queryKey: keys.admin.offerReports,
    queryFn: () => unwrap(api.GET("/api/v1/admin/offer-reports", { params: { query: { per_page: 200 } } })),
  });
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
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.admin.offerReports }),
        qc.invalidateQueries({ queryKey: keys.admin.hiddenOffers }),
        qc.invalidateQueries({ queryKey: keys.offers.all }),
      ]),
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

type CreateUserRequest = components["schemas"]["CreateUserRequest"];
type TargetRequest = components["schemas"]["TargetRequest"];
type Mode = components["schemas"]["Mode"];
export type UserFilter = { q?: string; role?: Role; page?: number };

const userPath = (userId: string) => ({ params: { path: { user_id: userId } } });

/** Accounts found by a piece of name, e-mail or phone (admins). */
export function useAdminUsers(filter: UserFilter, enabled = true) {
  return useQuery({
    queryKey: keys.admin.users(filter),
    queryFn: () => unwrap(api.GET("/api/v1/admin/users", { params: { query: { ...filter, per_page: 20 } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useAccountAction<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: ["admin", "users"] }) });
}

export function useCreateUser() {
  return useAccountAction((body: CreateUserRequest) => unwrap(api.POST("/api/v1/admin/users", { body })));
}

/** Suspends (no log-in, sessions end) with a reason kept on the account. */
export function useSuspendUser() {
  return useAccountAction((v: { userId: string; reason: string }) =>
    unwrap(api.POST("/api/v1/admin/users/{user_id}/suspension", { ...userPath(v.userId), body: { reason: v.reason } })),
  );
}

/** Reactivates a suspended account; also lifts a lock-out after failed log-ins. */
export function useReactivateUser() {
  return useAccountAction((userId: string) => unwrap(api.DELETE("/api/v1/admin/users/{user_id}/suspension", userPath(userId))));
}

/** The person sets up their authenticator app again at their next sign-in. */
export function useResetTotp() {
  return useAccountAction((userId: string) => unwrap(api.DELETE("/api/v1/admin/users/{user_id}/totp", userPath(userId))));
}

/** A campaign target (a department's or a ministry's): dashboards read it at once. */
export function useSetTarget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { schoolYear: string; kind: "department" | "ministry"; code: string; body: TargetRequest }) =>
      unwrap(
        api.PUT("/api/v1/admin/targets/{school_year}/{kind}/{code}", {
          params: { path: { school_year: v.schoolYear, kind: v.kind, code: v.code } },
          body: v.body,
        }),
      ),
    onSuccess: (_d, v) => Promise.all([qc.invalidateQueries({ queryKey: ["stats"] }), qc.invalidateQueries({ queryKey: keys.admin.targets(v.schoolYear) })]),
  });
}

/** A school year's targets, departments' and ministries'. */
export function useTargets(schoolYear: string) {
  return useQuery({
    queryKey: keys.admin.targets(schoolYear),
    queryFn: () => unwrap(api.GET("/api/v1/admin/targets/{school_year}", { params: { path: { school_year: schoolYear } } })),
    placeholderData: keepPreviousData,
  });
}

/** The admins' journal, newest first, 50 a page, narrowed by admin, kind of action and days. */
export function useAdminAudit(query: { page: number; actor_id?: string; path_prefix?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: keys.admin.audit(query),
    queryFn: () => unwrap(api.GET("/api/v1/admin/audit", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Everyone who appears in the journal, former admins included (its "Administrateur" filter). */
export function useAuditActors() {
  return useQuery({ queryKey: keys.admin.auditActors, queryFn: () => unwrap(api.GET("/api/v1/admin/audit/actors")) });
}

/** The offers the moderators hid, most recent first (the first 200; `total` counts them all). */
export function useHiddenOffers() {
  return useQuery({
    queryKey: keys.admin.hiddenOffers,
    queryFn: () => unwrap(api.GET("/api/v1/admin/offers/hidden", { params: { query: { per_page: 200 } } })),
  });
}

export function useSetPlatformMode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { mode: Mode; message: string }) => unwrap(api.PUT("/api/v1/admin/platform-mode", { body })),
    onSuccess: (data) => qc.setQueryData(keys.platformStatus, data),
  });
}

export function useCreateMinistry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/api/v1/admin/ministries", { body: { name } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.reference.ministries }),
  });
}

/** Shows a hidden offer again (a moderation decision undone). */
export function useRestoreOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (offerId: string) => unwrap(api.POST("/api/v1/admin/offers/{offer_id}/restore", { params: { path: { offer_id: offerId } } })),
    onSuccess: (_d, offerId) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.offers.all }),
        qc.invalidateQueries({ queryKey: keys.offers.detail(offerId) }),
        qc.invalidateQueries({ queryKey: keys.admin.hiddenOffers }),
        qc.invalidateQueries({ queryKey: ["admin", "audit"] }),
      ]),
  });
}

type OrganisationRequest = components["schemas"]["CreateOrganisationRequest"];
type CorrectSchoolRequest = components["schemas"]["CorrectSchoolRequest"];

/** What a correction or a merge changes: the back office's lists, the journal, and what hosts,
 *  schools and pupils read of them. */
function invalidateDirectory(qc: ReturnType<typeof useQueryClient>, kind: "organisations" | "schools") {
  const own = kind === "organisations" ? [keys.organisations.mine, keys.offers.all] : [keys.schools.all, ["reference", "schools"], keys.offers.all];
  return Promise.all([
    qc.invalidateQueries({ queryKey: ["admin", kind] }),
    qc.invalidateQueries({ queryKey: ["admin", "audit"] }),
    ...own.map((queryKey) => qc.invalidateQueries({ queryKey })),
  ]);
}

/** Organisations by a piece of name, town or SIRET, with their members and offers (50 at most). */
export function useAdminOrganisations(q: string) {
  return useQuery({
    queryKey: keys.admin.organisations(q),
    queryFn: () => unwrap(api.GET("/api/v1/admin/organisations", { params: { query: { q } } })),
    enabled: q.trim().length > 0,
  });
}

/** Corrects what an organisation's members typed (same checks as its creation). */
export function useCorrectOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { orgId: string; body: OrganisationRequest }) =>
      unwrap(api.PUT("/api/v1/admin/organisations/{org_id}", { params: { path: { org_id: v.orgId } }, body: v.body })),
    onSuccess: () => invalidateDirectory(qc, "organisations"),
  });
}

/** Merges the duplicate `orgId` into `into`; the duplicate is deleted. */
export function useMergeOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { orgId: string; into: string }) =>
      unwrap(api.POST("/api/v1/admin/organisations/{org_id}/merge", { params: { path: { org_id: v.orgId } }, body: { into: v.into } })),
    onSuccess: () => invalidateDirectory(qc, "organisations"),
  });
}

/** Schools by UAI, name or commune, registered or not, with their staff and pupils (50 at most). */
export function useAdminSchools(q: string) {
  return useQuery({
    queryKey: keys.admin.schools(q),
    queryFn: () => unwrap(api.GET("/api/v1/admin/schools", { params: { query: { q } } })),
    enabled: q.trim().length > 0,
  });
}

/** Corrects a school's name, address or place; the directory's next import keeps it. */
export function useCorrectSchool() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { uai: string; body: CorrectSchoolRequest }) =>
      unwrap(api.PUT("/api/v1/admin/schools/{uai}", { params: { path: { uai: v.uai } }, body: v.body })),
    onSuccess: () => invalidateDirectory(qc, "schools"),
  });
}

/** Regroups the registered duplicate `uai` into `into`; the old UAI can no longer be registered. */
export function useMergeSchool() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { uai: string; into: string }) =>
      unwrap(api.POST("/api/v1/admin/schools/{uai}/merge", { params: { path: { uai: v.uai } }, body: { into: v.into } })),
    onSuccess: () => invalidateDirectory(qc, "schools"),
  });
}
