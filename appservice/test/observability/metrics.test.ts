import { readFileSync } from "node:fs";
import path from "node:path";
import express from "express";
import { collectDefaultMetrics, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics, makeMetricsRouter } from "../../src/observability/metrics.ts";
import { request, serve } from "../helpers/http.ts";

describe("metrics", () => {
  it("prefixes every metric, Node's defaults included, with staffroom_", async () => {
    const { registry } = createMetrics(new Registry());
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain("staffroom_http_requests_total");
    expect(names).toContain("staffroom_matrix_transactions_total");
    expect(names).toContain("staffroom_process_cpu_seconds_total");
    for (const name of names) expect(name).toMatch(/^staffroom_/);
  });

  it("keeps registries apart (one per start())", async () => {
    const a = createMetrics(new Registry());
    const b = createMetrics(new Registry());
    a.matrixEvents.inc({ type: "m.room.message" });
    expect((await b.matrixEvents.get()).values).toEqual([]);
    expect((await a.matrixEvents.get()).values[0]?.value).toBe(1);
  });

  it("are all listed in appservice/README.md", async () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const defaults = new Registry();
    collectDefaultMetrics({ register: defaults, prefix: "staffroom_" });
    const defaultNames = new Set((await defaults.getMetricsAsJSON()).map((m) => m.name));
    const ours = (await createMetrics(new Registry()).registry.getMetricsAsJSON())
      .map((m) => m.name)
      .filter((name) => !defaultNames.has(name));
    expect(ours.length).toBeGreaterThan(0);
    for (const name of ours) expect(readme, `README lists ${name}`).toContain(`\`${name}\``);
  });

  it("serves Prometheus text on GET /metrics", async () => {
    const metrics = createMetrics(new Registry());
    metrics.matrixTransactions.inc({ outcome: "accepted" });
    const served = await serve(express().use(makeMetricsRouter(metrics.registry)));
    try {
      const res = await request(`${served.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      expect(String(res.body)).toContain(
        'staffroom_matrix_transactions_total{outcome="accepted"} 1',
      );
    } finally {
      await served.close();
    }
  });
});
