import { randomUUID } from "node:crypto";
import express, { Router, type Request, type RequestHandler } from "express";
import { isAdmin, type Org } from "../directory/org.ts";
import { checkFaqRow } from "../faq/faqImport.ts";
import {
  FaqConflictError,
  type FaqEntry,
  type FaqGroup,
  type FaqShareStore,
  type FaqStore,
} from "../faq/ports.ts";
import { makeLogger } from "../observability/logger.ts";
import { ApiError } from "./apiError.ts";
import { authenticatedUser } from "./auth.ts";
import {
  faqEntryWriteSchema,
  faqGroupCreateSchema,
  faqGroupUpdateSchema,
  type FaqEntryView,
  type FaqStatsResponse,
} from "./faqContract.ts";
import { answerFaqImport } from "./faqImportHandler.ts";
import { groupView, groupsResponse } from "./faqRouter.ts";
import { EMPTY_BODY, parseBody } from "./validate.ts";

/** What {@link makeFaqAdminRouter} needs. */
export type FaqAdminRouterDeps = {
  auth: RequestHandler;
  getOrg: () => Org;
  store: FaqStore;
  shares: FaqShareStore;
};

const log = makeLogger("FaqAdmin");

/** The largest import body (CSV or JSON text). */
export const IMPORT_LIMIT = "50mb";

/**
 * Admin CRUD for FAQ groups and entries, file import and share stats, under `/admin/faq`
 * (mounted under /api); org admins only (403 `M_FORBIDDEN` otherwise). Routes are listed in
 * docs/faq.md.
 */
export function makeFaqAdminRouter(deps: FaqAdminRouterDeps): Router {
  const router = Router();
  const { store } = deps;
  const admin: RequestHandler = (_req, res, next) => {
    if (!isAdmin(deps.getOrg(), authenticatedUser(res))) {
      throw new ApiError("M_FORBIDDEN", "Only Staffroom admins can manage FAQs");
    }
    next();
  };
  const groupOf = async (req: Request): Promise<FaqGroup> => {
    const id = Number(req.params["groupId"]);
    const group = Number.isInteger(id) ? await store.getGroupById(id) : undefined;
    if (group === undefined)
      throw new ApiError("M_NOT_FOUND", `No FAQ group with id ${String(req.params["groupId"])}`);
    return group;
  };

  router.get("/admin/faq/groups", deps.auth, admin, async (_req, res) => {
    res.json(await groupsResponse(store, await store.listGroups()));
  });
  router.post("/admin/faq/groups", deps.auth, admin, async (req, res) => {
    const input = parseBody(faqGroupCreateSchema, req);
    const group = await conflictAware(() => store.createGroup(input));
    res.status(201).json(await groupView(store, group));
  });
  router.patch("/admin/faq/groups/:groupId", deps.auth, admin, async (req, res) => {
    const { id } = await groupOf(req);
    const input = parseBody(faqGroupUpdateSchema, req);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const group = await conflictAware(() => store.updateGroup(id, changes));
    if (group === undefined) throw new ApiError("M_NOT_FOUND", `No FAQ group with id ${id}`);
    res.json(await groupView(store, group));
  });
  router.delete("/admin/faq/groups/:groupId", deps.auth, admin, async (req, res) => {
    parseBody(EMPTY_BODY, req);
    await store.deleteGroup((await groupOf(req)).id);
    res.json({});
  });

  router.get("/admin/faq/groups/:groupId/entries", deps.auth, admin, async (req, res) => {
    const group = await groupOf(req);
    const limit = clampInt(req.query["limit"], 1, 1000, 100);
    const offset = clampInt(req.query["offset"], 0, Number.MAX_SAFE_INTEGER, 0);
    const entries = await store.listEntries(group.id, { limit, offset });
    res.json({ entries: entries.map(entryView), total: await store.countEntries(group.id) });
  });
  const writeEntry = async (req: Request, id: string) => {
    const group = await groupOf(req);
    const body = parseBody(faqEntryWriteSchema, req);
    const checked = checkFaqRow({ ...body, id }, "entry");
    if (checked.row === undefined) {
      const [first] = checked.errors;
      throw new ApiError(
        "M_INVALID_PARAM",
        first === undefined ? "invalid entry" : `${first.field}: ${first.message}`,
      );
    }
    const input =
      body.answer_format === undefined
        ? checked.row
        : { ...checked.row, answerFormat: body.answer_format };
    const counts = await store.upsertEntries(group.id, [input]);
    const entry = await store.getEntry(group.id, checked.row.id);
    if (entry === undefined) throw new Error("FAQ entry vanished after writing it");
    return { created: counts.created > 0, entry: entryView(entry) };
  };
  router.post("/admin/faq/groups/:groupId/entries", deps.auth, admin, async (req, res) => {
    const given = (req.body as { id?: unknown } | undefined)?.id;
    const id =
      typeof given === "string" && given !== "" ? given : `faq-${randomUUID().slice(0, 8)}`;
    const { created, entry } = await writeEntry(req, id);
    res.status(created ? 201 : 200).json(entry);
  });
  router.put("/admin/faq/groups/:groupId/entries/:entryId", deps.auth, admin, async (req, res) => {
    const { created, entry } = await writeEntry(req, String(req.params["entryId"]));
    res.status(created ? 201 : 200).json(entry);
  });
  router.delete(
    "/admin/faq/groups/:groupId/entries/:entryId",
    deps.auth,
    admin,
    async (req, res) => {
      parseBody(EMPTY_BODY, req);
      const group = await groupOf(req);
      const entryId = String(req.params["entryId"]);
      if (!(await store.deleteEntry(group.id, entryId))) {
        throw new ApiError("M_NOT_FOUND", `No FAQ entry ${entryId} in ${group.name}`);
      }
      res.json({});
    },
  );

  router.post(
    "/admin/faq/groups/:groupId/import",
    deps.auth,
    admin,
    express.text({ type: ["text/*", "application/octet-stream"], limit: IMPORT_LIMIT }),
    async (req, res) => {
      await answerFaqImport(req, res, store, (await groupOf(req)).id, log);
    },
  );

  router.get("/admin/faq/stats", deps.auth, admin, async (req, res) => {
    const stats = await deps.shares.stats(clampInt(req.query["limit"], 1, 1000, 50));
    const body: FaqStatsResponse = {
      total_shares: stats.totalShares,
      most_shared: stats.mostShared.map((s) => ({
        id: s.id,
        group: s.group,
        question: s.question,
        shares: s.shares,
        last_shared_at: s.lastSharedAt.toISOString(),
      })),
      never_shared: stats.neverShared,
      never_shared_total: stats.neverSharedTotal,
    };
    res.json(body);
  });
  return router;
}

function entryView(entry: FaqEntry): FaqEntryView {
  return {
    id: entry.id,
    group: entry.group,
    question: entry.question,
    answer: entry.answer,
    answer_format: entry.answerFormat,
    answer_html: entry.answerHtml,
    url: entry.url,
    keywords: entry.keywords,
    updated_at: entry.updatedAt.toISOString(),
  };
}

async function conflictAware<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof FaqConflictError)
      throw new ApiError("M_INVALID_PARAM", `name: ${error.message}`);
    throw error;
  }
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
