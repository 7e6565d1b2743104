// The pupil's space's first data (its next step reads all three: PupilHome shows once they are
// here), shared by their hooks and by the start-up prefetch (main.tsx), in a module of its own so
// that the first screen's code stays small. Issue 31: asked for as soon as the session is back,
// beside the page's code, rather than once the page has rendered (on a phone, a second later);
// what the profile leads to (the questionnaire's nudge, the campaign's countdown) as soon as the
// profile is here, not once the page showing it has rendered.
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
  if (getSessionUser()?.role !== "student" || !matchPath("/espace", pathname)) return;
  // PupilHome's nudge (a pupil with a school) and countdown (a pupil in a class) read these next.
  queryClient
    .fetchQuery(myPupilProfileQuery)
    .then((me) => {
      if (me.school) void queryClient.prefetchQuery(myFeedbackQuery);
      if (me.class) void queryClient.prefetchQuery(campaignsQuery(me.class.school_year));
    })
    .catch(() => undefined);
  void queryClient.prefetchQuery(myApplicationsQuery);
  void queryClient.prefetchQuery(agreementsQuery);
}
