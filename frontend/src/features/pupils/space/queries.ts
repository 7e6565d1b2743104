// The pupil's space's first data (its next step reads them all: PupilHome shows once they are
// here), shared by their hooks and by the start-up prefetch (main.tsx), in a module of its own so
// that the first screen's code stays small. Issue 31: asked for as soon as the session is back,
// beside the page's code, rather than once the page has rendered (on a phone, a second later);
// what the page shows below (the questionnaire's nudge, the campaign's countdown) at the same
// time, not once the page has rendered.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { matchPath } from "react-router-dom";
import { api, getSessionUser } from "../../../api/client";
import { keys } from "../../../api/keys";
import { unwrap } from "../../../api/query";
import { PUPIL_SPACE_PATH, schoolYearOf, todayInParis } from "./paths";

export { schoolYearOf };

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
/** The pupil's questions after the internship (features/feedback). */
export const myFeedbackQuery = queryOptions({ queryKey: keys.feedback.mine, queryFn: () => unwrap(api.GET("/api/v1/me/feedback")) });
/** A school year's campaigns (features/campaigns). */
export const campaignsQuery = (year: string) =>
  queryOptions({
    queryKey: keys.campaigns(year),
    queryFn: () => unwrap(api.GET("/api/v1/campaigns/{school_year}", { params: { path: { school_year: year } } })),
  });

/** The pupil's space opened by a signed-in pupil (call once the session is restored). */
export function prefetchPupilSpace(queryClient: QueryClient, pathname: string) {
  if (getSessionUser()?.role !== "student" || !matchPath(PUPIL_SPACE_PATH, pathname)) return;
  void queryClient.prefetchQuery(myPupilProfileQuery);
  void queryClient.prefetchQuery(myApplicationsQuery);
  void queryClient.prefetchQuery(agreementsQuery);
  // PupilHome's nudge and countdown, beside the profile (not after it): the countdown's for the
  // school year under way (a pupil's class is of that year; otherwise the page asks for its own
  // once the profile is here).
  void queryClient.prefetchQuery(myFeedbackQuery);
  void queryClient.prefetchQuery(campaignsQuery(schoolYearOf(todayInParis())));
  void queryClient.prefetchQuery(myExternalInternshipsQuery);
}
