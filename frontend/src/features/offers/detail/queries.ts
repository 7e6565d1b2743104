// One offer's server state, shared by the offer page's hook (../queries.ts) and by the start-up
// prefetch (main.tsx), in a module of its own so that the first screen's code stays small.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { matchPath } from "react-router-dom";
import { api } from "../../../api/client";
import { keys } from "../../../api/keys";
import { unwrap } from "../../../api/query";

export const offerQuery = (offerId: string) =>
  queryOptions({
    queryKey: keys.offers.detail(offerId),
    queryFn: () => unwrap(api.GET("/api/v1/offers/{offer_id}", { params: { path: { offer_id: offerId } } })),
  });

/** An offer's page opened by a visitor (no session here): its offer is asked for at once, beside
 *  the page's code, not once the page has rendered. Signed-in people wait for their session (the
 *  offer may say where they stand). */
export function prefetchOpenedOffer(queryClient: QueryClient, pathname: string, signedIn: boolean) {
  const match = matchPath("/offres/:offerId", pathname);
  if (!match?.params.offerId || signedIn) return;
  void queryClient.prefetchQuery(offerQuery(match.params.offerId));
}
