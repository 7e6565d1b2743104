// A pupil's favourites ("Mes favoris"): the offers starred from the search list, the map or an
// offer's page, each with its places left and whether it is still open. One list in the cache:
// every star on a page reads it, and a star or an unstar updates it at once, then reads it again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type components } from "../../api/client";
import { keys } from "../../api/keys";
import { unwrap } from "../../api/query";
import { useSession } from "../../auth/session";

export type FavouriteOffer = components["schemas"]["FavouriteOffer"];
export type FavouriteAvailability = components["schemas"]["FavouriteAvailability"];

const offerPath = (offerId: string) => ({ params: { path: { offer_id: offerId } } });

/** The signed-in pupil's favourites, newest first. Asked for pupils only (others get 403). */
export function useMyFavourites() {
  const { user } = useSession();
  return useQuery({
    queryKey: keys.favourites.mine,
    queryFn: () => unwrap(api.GET("/api/v1/pupils/me/favourites")),
    enabled: user?.role === "student",
  });
}

/** What a star asks: this offer in (`starred: true`) or out of the pupil's favourites. */
export type FavouriteChange = { offerId: string; starred: boolean };

/** Stars or unstars an offer. An unstarred offer leaves the list at once (back if the server
 *  refuses); a starred one joins it, first, with the server's answer. The list is then read
 *  again either way. Every tap counts, even while the previous one is on its way: the changes
 *  go to the server one after the other (one scope), so the last one asked is the one kept. */
export function useToggleFavourite() {
  const qc = useQueryClient();
  const key = keys.favourites.mine;
  return useMutation({
    scope: { id: "favourites" },
    mutationFn: async ({ offerId, starred }: FavouriteChange): Promise<FavouriteOffer | null> => {
      if (starred) return unwrap(api.PUT("/api/v1/pupils/me/favourites/{offer_id}", offerPath(offerId)));
      await unwrap(api.DELETE("/api/v1/pupils/me/favourites/{offer_id}", offerPath(offerId)));
      return null;
    },
    onMutate: async ({ offerId, starred }: FavouriteChange) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<FavouriteOffer[]>(key);
      if (!starred && previous) qc.setQueryData<FavouriteOffer[]>(key, (list) => list?.filter((f) => f.offer_id !== offerId));
      return { previous };
    },
    onSuccess: (favourite, { offerId }) => {
      if (favourite) qc.setQueryData<FavouriteOffer[]>(key, (list) => [favourite, ...(list ?? []).filter((f) => f.offer_id !== offerId)]);
    },
    onError: (_error, _change, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
}
