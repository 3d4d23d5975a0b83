import { Router, type RequestHandler } from "express";
import type { Org } from "../directory/org.ts";
import type { ScrubRun, ScrubRunRoom, ScrubRunStore } from "../retention/ports.ts";
import {
  ScrubBusyError,
  ScrubOffError,
  type ScrubPreview,
  type ScrubService,
} from "../retention/scrubService.ts";
import { requireAdmin } from "./adminSettingsRouter.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import type { ScrubPreviewResponse, ScrubRunView, ScrubRunsResponse } from "./contract.ts";
import { EMPTY_BODY, parseBody } from "./validate.ts";

/** What {@link makeScrubRouter} needs. */
export type ScrubRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  scrub: Pick<ScrubService, "preview" | "start">;
  runs: Pick<ScrubRunStore, "recent" | "rooms">;
};

/** How many runs `GET /admin/scrub/runs` lists. */
const RECENT_RUNS = 20;

/**
 * `POST /admin/scrub/preview`, `POST /admin/scrub/run` (202, the run goes on in the background)
 * and `GET /admin/scrub/runs` (newest first), mounted under /api; org admins only.
 */
export function makeScrubRouter(deps: ScrubRouterDeps): Router {
  const router = Router();
  const admin = (res: Parameters<typeof authenticatedUser>[0], what: string) => {
    const userId = authenticatedUser(res);
    requireAdmin(deps.getOrg, userId, what);
    return userId;
  };
  router.post("/admin/scrub/preview", deps.auth, async (req, res) => {
    admin(res, "preview the scrub");
    parseBody(EMPTY_BODY, req);
    res.json(toPreviewResponse(await translate(deps.scrub.preview())));
  });
  router.post("/admin/scrub/run", deps.auth, async (req, res) => {
    const userId = admin(res, "run the scrub");
    parseBody(EMPTY_BODY, req);
    const run = await translate(deps.scrub.start("manual", userId));
    res.status(202).json(toRunView(run, await deps.runs.rooms(run.id)));
  });
  router.get("/admin/scrub/runs", deps.auth, async (_req, res) => {
    admin(res, "see scrub runs");
    const runs = await deps.runs.recent(RECENT_RUNS);
    const views = await Promise.all(
      runs.map(async (run) => toRunView(run, await deps.runs.rooms(run.id))),
    );
    res.json({ runs: views } satisfies ScrubRunsResponse);
  });
  return router;
}

// The service's domain errors, as API errors the admin page can show.
async function translate<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ScrubOffError) {
      throw new ApiError("STAFFROOM_SCRUB_OFF", "Scrub retention is off: set scrub_days first");
    }
    if (error instanceof ScrubBusyError) {
      throw new ApiError("STAFFROOM_SCRUB_BUSY", "A scrub run is already going on; try later");
    }
    throw error;
  }
}

/** The API's view of a preview. */
export function toPreviewResponse(preview: ScrubPreview): ScrubPreviewResponse {
  const rooms = preview.rooms.map((room) => ({
    room_id: room.roomId,
    kind: room.kind,
    name: room.name ?? null,
    messages: room.messages,
    files: room.files,
    events: room.events,
  }));
  const sum = (key: "messages" | "files" | "events") => rooms.reduce((n, r) => n + r[key], 0);
  return {
    scrub_days: preview.scrubDays,
    cutoff_ts: preview.cutoffTs,
    rooms,
    totals: { messages: sum("messages"), files: sum("files"), events: sum("events") },
  };
}

/** The API's view of a run with its rooms. */
export function toRunView(run: ScrubRun, rooms: readonly ScrubRunRoom[]): ScrubRunView {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    started_by: run.startedBy,
    scrub_days: run.scrubDays,
    cutoff_ts: run.cutoffTs,
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    rooms: rooms.length,
    room_results: rooms.map((room) => ({
      room_id: room.roomId,
      kind: room.kind,
      name: room.name ?? null,
      step: room.step,
      events: room.events,
      messages: room.messages,
      media_deleted: room.mediaDeleted,
      error: room.error,
    })),
    events_purged: run.eventsPurged,
    media_deleted: run.mediaDeleted,
    errors: run.errors,
    reason: run.reason ?? null,
  };
}
