import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { createElement, Suspense } from "react";
import { describe, expect, it, vi } from "vitest";
import { lazyPage, linkPath, prefetchFor, prefetchPath } from "./lazyPage";

const Page = () => null;

describe("lazy pages", () => {
  it("fetch their code once, however often they are prefetched", async () => {
    const load = vi.fn(() => Promise.resolve(Page));
    const page = lazyPage(load);
    await Promise.all([page.preload(), page.preload()]);
    await page.preload();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("try again after a failed download", async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error("réseau")).mockResolvedValue(Page);
    const page = lazyPage(load);
    await expect(page.preload()).rejects.toThrow("réseau");
    await expect(page.preload()).resolves.toBeTypeOf("function");
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("are prefetched from the addresses they serve only", async () => {
    const load = vi.fn(() => Promise.resolve(Page));
    prefetchFor(["/essai/:id"], lazyPage(load));
    await expect(prefetchPath("/essai/42")).resolves.toBeUndefined();
    expect(prefetchPath("/essai/42/modifier")).toBeNull();
    expect(prefetchPath("/autre")).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("are drawn at once, without suspending, once their code is here", async () => {
    const page = lazyPage(() => Promise.resolve(() => createElement("p", null, "La page")));
    await page.preload();
    render(createElement(Suspense, { fallback: createElement("p", null, "Chargement") }, createElement(page)));
    // Synchronously: no placeholder first.
    expect(screen.getByText("La page")).toBeInTheDocument();
    expect(screen.queryByText("Chargement")).toBeNull();
  });

  it("are drawn inside the one shared query cache, or the one already provided (a test's)", async () => {
    const { queryClient } = await import("../api/sharedQueryClient");
    let seen: QueryClient | null = null;
    const page = lazyPage(() =>
      Promise.resolve(() => {
        seen = useQueryClient();
        return null;
      }),
    );
    await page.preload();
    const first = render(createElement(page));
    expect(seen).toBe(queryClient);
    first.unmount();
    const own = new QueryClient();
    render(createElement(QueryClientProvider, { client: own }, createElement(page)));
    expect(seen).toBe(own);
  });

  it("read the address of same-site links only", () => {
    const origin = "http://passerelle.test";
    const a = document.createElement("a");
    a.href = "/offres/12?x=1";
    const inner = document.createElement("span");
    a.append(inner);
    expect(linkPath(inner, origin)).toBe("/offres/12");
    a.setAttribute("href", "https://ailleurs.example/offres");
    expect(linkPath(a, origin)).toBeNull();
    expect(linkPath(document.createElement("div"), origin)).toBeNull();
  });
});
