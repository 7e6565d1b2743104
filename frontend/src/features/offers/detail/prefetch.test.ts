import { QueryClient } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { keys } from "../../../api/keys";
import { server } from "../../../test/server";
import { prefetchOpenedOffer } from "./queries";

function asked() {
  const seen: string[] = [];
  server.use(
    http.get("*/api/v1/offers/:offerId", ({ params }) => {
      seen.push(String(params.offerId));
      return HttpResponse.json({ id: params.offerId, title: "Découvrir l'électricité" });
    }),
  );
  return seen;
}

describe("the offer opened from a link", () => {
  it("is asked for at start by a visitor, into the offer page's cache entry", async () => {
    const seen = asked();
    const client = new QueryClient();
    prefetchOpenedOffer(client, "/offres/o1", false);
    await expect.poll(() => client.getQueryData(keys.offers.detail("o1"))).toMatchObject({ title: "Découvrir l'électricité" });
    expect(seen).toEqual(["o1"]);
  });

  it("waits for the session of a browser that signed in, and concerns the offer page only", async () => {
    const seen = asked();
    const client = new QueryClient();
    prefetchOpenedOffer(client, "/offres/o1", true);
    prefetchOpenedOffer(client, "/offres", false);
    prefetchOpenedOffer(client, "/offres/o1/candidatures", false);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
  });
});
