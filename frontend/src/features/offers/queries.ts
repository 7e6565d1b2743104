// The offers' server state: reference lists, one offer, the host's organisation and offers,
// the offer form's writes, search and map, reports.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { offerQuery } from "./detail/queries";
import type { SearchQuery } from "./searchState";

export type { SearchQuery };

type OfferRequest = components["schemas"]["OfferRequest"];
type OrganisationRequest = components["schemas"]["CreateOrganisationRequest"];

const offerPath = (offerId: string) => ({ params: { path: { offer_id: offerId } } });

export function useSectors() {
  return useQuery({ queryKey: keys.reference.sectors, queryFn: () => unwrap(api.GET("/api/v1/reference/sectors")), staleTime: Infinity });
}

export function useMinistries() {
  return useQuery({ queryKey: keys.reference.ministries, queryFn: () => unwrap(api.GET("/api/v1/ministries")), staleTime: Infinity });
}

export function useMapSettings() {
  return useQuery({ queryKey: keys.reference.mapSettings, queryFn: () => unwrap(api.GET("/api/v1/map-settings")), staleTime: Infinity });
}

export function useOffer(offerId: string | undefined) {
  return useQuery({ ...offerQuery(offerId ?? ""), enabled: !!offerId });
}

/** Far from home (the offer's page, below its first paint): how far it is from the signed-in
 *  pupil, the guide's message past 10 km, the boarding houses near it. Asked for once the offer
 *  shows, never before it. */
export function useOfferLodging(offerId: string) {
  return useQuery({
    queryKey: keys.offers.lodging(offerId),
    queryFn: () => unwrap(api.GET("/api/v1/offers/{offer_id}/lodging", offerPath(offerId))),
  });
}

/** An offer changed: its page, its organisation's list and the searches are read again. */
const offerChanged = (qc: QueryClient) =>
  Promise.all([qc.invalidateQueries({ queryKey: keys.offers.all }), qc.invalidateQueries({ queryKey: keys.organisations.mine })]);

/** Creates (with an idempotency key: a double click is one offer) or updates an offer. */
export function useSaveOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { offerId?: string; orgId: string; idempotencyKey: string; body: OfferRequest }) =>
      v.offerId
        ? unwrap(api.PUT("/api/v1/offers/{offer_id}", { ...offerPath(v.offerId), body: v.body }))
        : unwrap(
            api.POST("/api/v1/organisations/{org_id}/offers", {
              params: { path: { org_id: v.orgId }, header: { "Idempotency-Key": v.idempotencyKey } },
              body: v.body,
            }),
          ),
    onSuccess: (data) => {
      qc.setQueryData(keys.offers.detail(data.id), data);
      return offerChanged(qc);
    },
  });
}

export function usePublishOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { offerId: string; idempotencyKey?: string }) =>
      unwrap(
        api.POST("/api/v1/offers/{offer_id}/publish", {
          params: { path: { offer_id: v.offerId }, header: v.idempotencyKey ? { "Idempotency-Key": v.idempotencyKey } : undefined },
        }),
      ),
    onSuccess: () => offerChanged(qc),
  });
}

export type OfferAction = { offerId: string } & (
  { action: "unpublish" | "duplicate" | "delete" } | { action: "renew"; schoolYear: string; wholeYear?: boolean }
);

/** The host's actions from the list of offers (publication goes through `usePublishOffer`). */
export function useOfferAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: OfferAction) => {
      const path = offerPath(v.offerId);
      if (v.action === "unpublish") await unwrap(api.POST("/api/v1/offers/{offer_id}/unpublish", path));
      else if (v.action === "duplicate") await unwrap(api.POST("/api/v1/offers/{offer_id}/duplicate", path));
      else if (v.action === "renew")
        await unwrap(api.POST("/api/v1/offers/{offer_id}/renew", { ...path, body: { school_year: v.schoolYear, whole_year: v.wholeYear ?? false } }));
      else await unwrap(api.DELETE("/api/v1/offers/{offer_id}", path));
    },
    onSettled: () => offerChanged(qc),
  });
}

export function useReportOffer(offerId: string) {
  return useMutation({ mutationFn: (reason: string) => unwrap(api.POST("/api/v1/offers/{offer_id}/reports", { ...offerPath(offerId), body: { reason } })) });
}

export function useMyOrganisations() {
  return useQuery({ queryKey: keys.organisations.mine, queryFn: () => unwrap(api.GET("/api/v1/organisations/mine")) });
}

export function useCreateOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrganisationRequest) => unwrap(api.POST("/api/v1/organisations", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organisations.mine }),
  });
}

/** The company directory, asked on demand (not cached: the host asks once per SIRET). */
export function useCompanyLookup() {
  return useMutation({ mutationFn: (siret: string) => unwrap(api.GET("/api/v1/organisations/lookup", { params: { query: { siret } } })) });
}

export function useOrganisationOffers(orgId: string, enabled = true) {
  return useQuery({
    queryKey: keys.organisations.offers(orgId),
    queryFn: () => unwrap(api.GET("/api/v1/organisations/{org_id}/offers", { params: { path: { org_id: orgId } } })),
    enabled,
  });
}

/** The communes for a place typed in the search (a postal code or a name), best match first. */
export function useCommunes(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: keys.reference.communes(text),
    queryFn: () => unwrap(api.GET("/api/v1/reference/communes", { params: { query: { q: text, limit: 10 } } })),
    enabled: text.length > 0,
    staleTime: Infinity,
  });
}

/** Search results, page after page ("more offers"), nearest first. Read again at each search
 *  (a search is a question about now: places left change). */
export function useSearchResults(q: SearchQuery, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: keys.offers.search(q),
    queryFn: ({ pageParam }) => unwrap(api.GET("/api/v1/offers", { params: { query: { ...q, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
    staleTime: 0,
  });
}

/** Every offer of the search on the map (not paged). */
export function useMapPoints(q: SearchQuery, enabled: boolean) {
  return useQuery({ queryKey: keys.offers.map(q), queryFn: () => unwrap(api.GET("/api/v1/offers/map", { params: { query: q } })), enabled, staleTime: 0 });
}

/** Suggestions while typing a keyword (sectors, jobs, words of the offers), from 2 letters. The
 *  text is normalized for the cache key: "Élec " and "elec" are one question. */
export function useSuggestions(typed: string) {
  const text = typed.trim().replace(/\s+/g, " ").toLowerCase();
  return useQuery({
    queryKey: keys.offers.suggestions(text),
    queryFn: () => unwrap(api.GET("/api/v1/offers/suggestions", { params: { query: { q: text, limit: 8 } } })),
    enabled: [...text].length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: (previous) => previous,
  });
}
