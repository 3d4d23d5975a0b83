import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  departmentMembersResponseSchema,
  directoryResponseSchema,
} from "../../src/api/contract.ts";
import { makeHttpApp } from "../../src/api/httpApp.ts";
import type { PresenceInfo } from "../../src/direct/ports.ts";
import type { Org } from "../../src/directory/org.ts";
import { createMetrics } from "../../src/observability/metrics.ts";
import { captureLogs } from "../helpers/logs.ts";
import { tableVerifier } from "../helpers/tokens.ts";
import { request, serve, type Served } from "../helpers/http.ts";

const A = "@alice:s.local";
const B = "@bob:s.local";
const C = "@carol:s.local";
const D = "@dana:s.local";

const tokens: Record<string, string> = { alice: A, bob: B, carol: C, dana: D, zed: "@zed:s.local" };
const verifier = tableVerifier(tokens);

const org: Org = {
  operators: [
    { userId: A, displayName: "Alice" },
    { userId: B, displayName: "Bob" },
    { userId: C, displayName: "Carol" },
  ],
  departments: [
    { id: "ref", name: "Reference", topic: "Readers", members: [A, B], admins: [B] },
    { id: "lend", name: "Lending", members: [C], admins: [] },
  ],
  // Dana administers Staffroom without being an operator.
  admins: [D],
};

const presence: Record<string, PresenceInfo> = {
  [A]: { presence: "online", lastActiveAgo: 1200, currentlyActive: true },
  [B]: { presence: "unknown" },
};

describe("directory API", () => {
  captureLogs("error");
  let served: Served;

  beforeAll(async () => {
    const app = makeHttpApp({
      tokenVerifier: verifier,
      homeserver: { isSynapseReachable: () => Promise.resolve({ reachable: true }) },
      getOrg: () => org,
      metrics: createMetrics(new Registry()),
      rateLimit: { requestsPerSecond: 100, burst: 1000 },
      people: {
        direct: {
          ensureRoom: () => Promise.reject(new Error("not used")),
          roomsOf: (userId) => Promise.resolve(new Map(userId === A ? [[B, "!dm:s"]] : [])),
        },
        managedRooms: {
          list: () =>
            Promise.resolve([
              { kind: "all_staff", key: "all-staff", roomId: "!all:s", archivedAt: null },
              { kind: "department", key: "ref", roomId: "!ref:s", archivedAt: null },
            ]),
        },
        presence: {
          presenceOf: (userId) => Promise.resolve(presence[userId] ?? { presence: "offline" }),
        },
      },
    });
    served = await serve(app);
  });
  afterAll(() => served.close());

  const get = (path: string, token?: string) =>
    request(`${served.url}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it("GET /api/directory: the caller's departments, rooms and the other operators", async () => {
    const answer = await get("/api/directory", "alice");
    expect(answer.status).toBe(200);
    const body = directoryResponseSchema.parse(answer.body);
    expect(body).toMatchObject({ all_staff_room_id: "!all:s", space_id: null });
    expect(body.departments.map((d) => [d.id, d.room_id])).toEqual([["ref", "!ref:s"]]);
    expect(body.operators).toEqual([
      { user_id: B, display_name: "Bob", direct_room_id: "!dm:s" },
      { user_id: C, display_name: "Carol", direct_room_id: null },
    ]);
  });

  it("GET /api/directory: every department for an org admin, 403 for an outsider", async () => {
    const admin = directoryResponseSchema.parse((await get("/api/directory", "dana")).body);
    expect(admin.departments.map((d) => d.id)).toEqual(["ref", "lend"]);
    expect(admin.operators).toHaveLength(3);
    expect(await get("/api/directory", "zed")).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN" },
    });
    expect(await get("/api/directory")).toMatchObject({ status: 401 });
  });

  it("GET /api/departments/{id}/members: members with presence, unknown kept as such", async () => {
    const answer = await get("/api/departments/ref/members", "bob");
    expect(answer.status).toBe(200);
    expect(departmentMembersResponseSchema.parse(answer.body)).toEqual({
      department: { id: "ref", name: "Reference" },
      members: [
        {
          user_id: A,
          display_name: "Alice",
          is_admin: false,
          presence: "online",
          last_active_ago: 1200,
          currently_active: true,
        },
        { user_id: B, display_name: "Bob", is_admin: true, presence: "unknown" },
      ],
    });
  });

  it.each([
    [
      "an operator outside the department",
      "/api/departments/lend/members",
      "alice",
      403,
      "M_FORBIDDEN",
    ],
    ["an outsider", "/api/departments/ref/members", "zed", 403, "M_FORBIDDEN"],
    ["an unknown department", "/api/departments/nope/members", "dana", 404, "M_NOT_FOUND"],
    ["no token", "/api/departments/ref/members", undefined, 401, "M_MISSING_TOKEN"],
  ])("GET members refuses %s", async (_what, path, token, status, errcode) => {
    expect(await get(path, token)).toMatchObject({ status, body: { errcode } });
  });

  it("GET /api/departments/{id}/members lets an org admin list any department", async () => {
    const answer = await get("/api/departments/lend/members", "dana");
    expect(answer).toMatchObject({ status: 200 });
    expect(departmentMembersResponseSchema.parse(answer.body).members).toEqual([
      { user_id: C, display_name: "Carol", is_admin: false, presence: "offline" },
    ]);
  });
});
