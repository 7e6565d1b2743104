import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { server } from "../test/server";
import { api, onBusyChange, retryDelay, retryPolicy } from "./client";

const realSleep = retryPolicy.sleep;
afterEach(() => {
  retryPolicy.sleep = realSleep;
});

describe("polite retries", () => {
  it("waits Retry-After with jitter and tries again when the service is saturated", async () => {
    let calls = 0;
    server.use(
      http.get("*/api/v1/sectors", () => {
        calls += 1;
        if (calls <= 2) return HttpResponse.json({ code: "OVERLOADED", message: "Beaucoup de monde." }, { status: 503, headers: { "Retry-After": "2" } });
        return HttpResponse.json([{ id: "s1", name: "Agriculture" }]);
      }),
    );
    const waits: number[] = [];
    retryPolicy.sleep = async (ms) => void waits.push(ms);
    const busy: boolean[] = [];
    const stop = onBusyChange((b) => busy.push(b));
    const { data } = await api.GET("/api/v1/sectors");
    stop();
    expect(data).toEqual([{ id: "s1", name: "Agriculture" }]);
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(waits[1]).toBeLessThanOrEqual(6000);
    expect(busy).toEqual([true, true, false]);
  });

  it("does not retry maintenance, long pauses, or for ever", async () => {
    let calls = 0;
    server.use(
      http.get("*/api/v1/sectors", () => {
        calls += 1;
        return HttpResponse.json({ code: "MAINTENANCE", message: "Maintenance." }, { status: 503, headers: { "Retry-After": "2" } });
      }),
    );
    retryPolicy.sleep = async () => undefined;
    const { error } = await api.GET("/api/v1/sectors");
    expect((error as { code: string }).code).toBe("MAINTENANCE");
    expect(calls).toBe(1);

    calls = 0;
    server.use(
      http.get("*/api/v1/sectors", () => (calls++, HttpResponse.json({ code: "OVERLOADED", message: "x" }, { status: 503, headers: { "Retry-After": "1" } }))),
    );
    await api.GET("/api/v1/sectors");
    expect(calls).toBe(1 + retryPolicy.attempts);

    calls = 0;
    server.use(
      http.get(
        "*/api/v1/sectors",
        () => (calls++, HttpResponse.json({ code: "RATE_LIMITED", message: "x" }, { status: 429, headers: { "Retry-After": "60" } })),
      ),
    );
    await api.GET("/api/v1/sectors");
    expect(calls).toBe(1);
  });

  it("spreads clients out", () => {
    expect(retryDelay(2, 0, () => 0)).toBe(1000);
    expect(retryDelay(2, 0, () => 1)).toBe(3000);
    expect(retryDelay(2, 2, () => 0.5)).toBe(8000);
  });
});
