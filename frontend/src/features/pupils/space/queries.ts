// The pupil's space's first data (its next step reads them all: PupilHome shows once they are
// here), shared by their hooks and by the start-up prefetch (main.tsx), in a module of its own so
// that the first screen's code stays small. Issue 31: asked for as soon as the session is back,
// beside the page's code, rather than once the page has rendered (on a phone, a second later).
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { matchPath } from "react-router-dom";
import { api, getSessionUser } from "../../../api/client";
import { keys } from "../../../api/keys";
import { unwrap } from "../../../api/query";

export const myPupilProfileQuery = queryOptions({ queryKey: keys.pupils.me, queryFn: () => unwrap(api.GET("/api/v1/pupils/me")) });
export const myApplicationsQuery = queryOptions({
  queryKey: keys.applications.mine,
  queryFn: () => unwrap(api.GET("/api/v1/pupils/me/applications")),
});
/** The pupil's internships found outside Passerelle: the next step reads them too. */
export const myExternalInternshipsQuery = queryOptions({
  queryKey: keys.pupils.externalInternships,
  queryFn: () => unwrap(api.GET("/api/v1/pupils/me/external-internships")),
});
export const agreementsQuery = queryOptions({ queryKey: keys.agreements.list, queryFn: () => unwrap(api.GET("/api/v1/agreements")) });

/** The pupil's space opened by a signed-in pupil (call once the session is restored). */
export function prefetchPupilSpace(queryClient: QueryClient, pathname: string) {
  if (getSessionUser()?.role !== "student" || !matchPath("/espace", pathname)) return;
  void queryClient.prefetchQuery(myPupilProfileQuery);
  void queryClient.prefetchQuery(myApplicationsQuery);
  void queryClient.prefetchQuery(agreementsQuery);
  void queryClient.prefetchQuery(myExternalInternshipsQuery);
}
