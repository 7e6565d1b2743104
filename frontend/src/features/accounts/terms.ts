// When to ask for the terms of use: pure, so it is tested without a browser.
import type { components } from "../../api/client";

type Terms = components["schemas"]["TermsResponse"];

/** Pages where the question would stand in the way: the terms' own text (read it first), and the
 *  signing links of legal representatives (they have no account). */
const quietPages = [/^\/conditions-utilisation$/, /^\/convention\/signer\//];

/** Asked when the version in force is not accepted yet, except on the quiet pages. */
export function shouldAskTerms(terms: Pick<Terms, "accepted_at">, pathname: string): boolean {
  return !terms.accepted_at && !quietPages.some((re) => re.test(pathname));
}
