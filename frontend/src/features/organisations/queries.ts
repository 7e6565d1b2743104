// A host organisation's server state: the organisation itself, its team (members and who is
// still invited), the invitations waiting for the signed-in person.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";

export type Member = components["schemas"]["MemberResponse"];
export type Invitation = components["schemas"]["InvitationResponse"];
type InviteMemberRequest = components["schemas"]["InviteMemberRequest"];

const orgPath = (orgId: string) => ({ params: { path: { org_id: orgId } } });

export function useOrganisation(orgId: string | undefined) {
  return useQuery({
    queryKey: keys.organisations.one(orgId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/organisations/{org_id}", orgPath(orgId ?? ""))),
    enabled: !!orgId,
  });
}

export function useMembers(orgId: string | undefined) {
  return useQuery({
    queryKey: keys.organisations.members(orgId ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/organisations/{org_id}/members", orgPath(orgId ?? ""))),
    enabled: !!orgId,
  });
}

/** Invites a colleague by e-mail: they join only once they accept. */
export function useInviteMember(orgId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteMemberRequest) => unwrap(api.POST("/api/v1/organisations/{org_id}/members", { ...orgPath(orgId), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organisations.members(orgId) }),
  });
}

export function useMyInvitations(enabled = true) {
  return useQuery({ queryKey: keys.organisations.invitations, queryFn: () => unwrap(api.GET("/api/v1/organisations/invitations")), enabled });
}

/** Accepts (the organisation joins the host's list) or declines an invitation. */
export function useAnswerInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { invitationId: string; accept: boolean }) => {
      const path = { params: { path: { invitation_id: v.invitationId } } };
      if (v.accept) return unwrap(api.POST("/api/v1/organisations/invitations/{invitation_id}/accept", path));
      await unwrap(api.POST("/api/v1/organisations/invitations/{invitation_id}/decline", path));
      return null;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ["organisations"] }),
  });
}

export type WeeksAroundQuery = { latitude: number; longitude: number; school_year: string; grade_family: "college" | "lycee" };

/** The weeks the schools around the offer's place chose, each with those schools and pupils. */
export function useWeeksAround(q: WeeksAroundQuery | null) {
  return useQuery({
    queryKey: keys.organisations.weeksAround(q ?? {}),
    queryFn: () => unwrap(api.GET("/api/v1/school-weeks/around", { params: { query: q as WeeksAroundQuery } })),
    enabled: !!q,
    staleTime: 5 * 60_000,
  });
}
