import express, { Router, type Express } from "express";
import type { Org } from "../directory/org.ts";
import type { HealthResponse } from "./contract.ts";
import { makeHttpMetricsMiddleware, rememberRouteBase } from "../observability/httpMetrics.ts";
import { makeLogger } from "../observability/logger.ts";
import { makeMetricsRouter, type Metrics } from "../observability/metrics.ts";
import { makeAdminSettingsRouter, type AdminSettingsRouterDeps } from "./adminSettingsRouter.ts";
import { makeAdoptedRoomsRouter, type AdoptedRoomsRouterDeps } from "./adoptedRoomsRouter.ts";
import { makeAuthMiddleware } from "./auth.ts";
import { makeDirectRouter, type DirectRouterDeps } from "./directRouter.ts";
import { makeDirectoryRouter, type DirectoryRouterDeps } from "./directoryRouter.ts";
import { makeErrorMiddleware, unrecognizedRoute } from "./errorMiddleware.ts";
import { makeFaqAdminRouter, type FaqAdminRouterDeps } from "./faqAdminRouter.ts";
import { makeFaqRouter, type FaqRouterDeps } from "./faqRouter.ts";
import { makeHealthRouter } from "./healthRouter.ts";
import { makeMeRouter } from "./meRouter.ts";
import { makeMeetingsApiRouter, type MeetingsApiRouterDeps } from "./meetingsApiRouter.ts";
import type { HomeserverProbe, TokenVerifier } from "./ports.ts";
import {
  makeMeetingsRouter,
  MEETINGS_PATH,
  type MeetingsRouterDeps,
} from "../meetings/meetingsRouter.ts";
import { makeScrubRouter, type ScrubRouterDeps } from "./scrubRouter.ts";
import { makeSyncRouter, type SyncRouterDeps } from "./syncRouter.ts";
import { makeRateLimitMiddleware, TokenBucketLimiter, type RateLimitOptions } from "./rateLimit.ts";

const log = makeLogger("Api");

/** The largest JSON body of any `/api` route (FAQ files may be bigger as text, see faq.md). */
export const JSON_BODY_LIMIT = "1mb";

/** Everything the HTTP app needs, as ports and plain values (no config object). */
export type HttpAppDeps = {
  /** Verifies bearer tokens; pass the cached verifier. */
  tokenVerifier: TokenVerifier;
  homeserver: HomeserverProbe;
  /** The current directory. */
  getOrg: () => Org;
  metrics: Metrics;
  rateLimit: RateLimitOptions;
  /**
   * Direct chats and the directory API (`/api/direct`, `/api/directory`,
   * `/api/departments/{id}/members`); left out in tests of other routes.
   */
  people?: Omit<DirectRouterDeps & DirectoryRouterDeps, "auth" | "getOrg">;
  /** Membership sync: `POST /api/admin/sync` and the `sync` part of `/health`. */
  sync?: {
    run: SyncRouterDeps["runSync"];
    health: () => NonNullable<HealthResponse["sync"]>;
    recent: SyncRouterDeps["recentRuns"];
  };
  /** `npm start`'s restart counts for `/health` (left out when not run under it). */
  restartCounts?: () => Promise<HealthResponse["restarts"]>;
  /** FAQs: `/api/faq/*` for staff, `/api/admin/faq/*` for org admins. */
  faq?: Omit<FaqAdminRouterDeps & FaqRouterDeps, "auth" | "getOrg">;
  /** Scrub retention: `/api/admin/settings` and `/api/admin/scrub/*`. */
  scrub?: Omit<AdminSettingsRouterDeps & ScrubRouterDeps, "auth" | "getOrg">;
  /** Group meetings: the LiveKit token service at `/livekit/jwt` (on, or off with a reason). */
  meetings?: MeetingsRouterDeps["meetings"];
  /** Meeting rooms and email-invited guests: `/api/meetings/*`, `/api/guests/redeem`. */
  meetingGuests?: MeetingsApiRouterDeps["meetings"];
  /** Rooms made in other clients: `/api/admin/rooms*`. */
  adoption?: AdoptedRoomsRouterDeps["adoption"];
};

/**
 * The appservice's own express 5 app: `/api/*`, `/livekit/jwt/*`, `/health`, `/metrics`. Matrix transactions
 * (`/_matrix/app/*`) are not routed here; src/matrix/ serves them on the same server.
 */
export function makeHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  // The web client's same-origin proxy runs on this machine: trust X-Forwarded-For from
  // loopback only, so rate limits apply per browser rather than to the proxy as a whole.
  app.set("trust proxy", "loopback");
  app.use(makeHttpMetricsMiddleware(deps.metrics));
  app.use(makeMetricsRouter(deps.metrics.registry));
  app.use(makeHealthRouter(deps.homeserver, deps.sync?.health, deps.restartCounts));
  app.use("/api", makeApiRouter(deps));
  if (deps.meetings) {
    app.use(
      MEETINGS_PATH,
      makeMeetingsRouter({
        meetings: deps.meetings,
        rateLimit: makeRateLimitMiddleware(new TokenBucketLimiter(deps.rateLimit)),
      }),
    );
  }
  app.use(unrecognizedRoute);
  app.use(makeErrorMiddleware(log));
  return app;
}

function makeApiRouter(deps: HttpAppDeps): Router {
  const auth = makeAuthMiddleware(deps.tokenVerifier);
  const api = Router();
  api.use(rememberRouteBase);
  api.use(makeRateLimitMiddleware(new TokenBucketLimiter(deps.rateLimit)));
  // Not strict: `null`, `3` or `"x"` parse, so parseBody (validate.ts) can say what it wanted
  // instead of "not valid JSON". Only malformed text is a parse error.
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: false }));
  // One line per area; later issues add directory, direct, faq and admin routers here.
  api.use(makeMeRouter({ auth, getOrg: deps.getOrg }));
  if (deps.people) {
    api.use(makeDirectRouter({ auth, getOrg: deps.getOrg, ...deps.people }));
    api.use(makeDirectoryRouter({ auth, getOrg: deps.getOrg, ...deps.people }));
  }
  if (deps.sync) {
    const { run: runSync, recent: recentRuns } = deps.sync;
    api.use(makeSyncRouter({ auth, getOrg: deps.getOrg, runSync, recentRuns }));
  }
  if (deps.faq) {
    api.use(makeFaqRouter({ auth, getOrg: deps.getOrg, ...deps.faq }));
    api.use(makeFaqAdminRouter({ auth, getOrg: deps.getOrg, ...deps.faq }));
  }
  if (deps.scrub) {
    api.use(makeAdminSettingsRouter({ auth, getOrg: deps.getOrg, ...deps.scrub }));
    api.use(makeScrubRouter({ auth, getOrg: deps.getOrg, ...deps.scrub }));
  }
  if (deps.adoption) {
    api.use(makeAdoptedRoomsRouter({ auth, getOrg: deps.getOrg, adoption: deps.adoption }));
  }
  if (deps.meetingGuests) {
    api.use(makeMeetingsApiRouter({ auth, getOrg: deps.getOrg, meetings: deps.meetingGuests }));
  }
  api.use(unrecognizedRoute);
  return api;
}
