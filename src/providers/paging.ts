import { ArmError } from "../arm/errors.js";
import type { ArmRequest, ArmResponse } from "../arm/router.js";
import type { Page, StoredResource } from "../store/store.js";
import type { ProviderContext } from "./context.js";
import type { AnswerCache } from "./answer-cache.js";

type Where = { type: string; parentKey?: string; subscriptionId?: string };

/** How a list pages: `top` takes `$top` (at most that many items a page, carried on in the nextLink), as private DNS lists do. */
export interface PageOptions {
  top?: boolean;
}

/**
 * A list answer `{value, nextLink?}`, remembered whole until the store changes (ctx.answers). The
 * nextLink is absolute (built from the request's host) and carries `$skipToken`, as ARM's do;
 * following it gives the next page. `where` runs only when the page is not remembered (it reads and
 * checks the scope, e.g. that the resource group exists); `make` gives the answer's bytes.
 */
async function rememberedPage(
  ctx: ProviderContext,
  req: ArmRequest,
  type: string,
  where: () => Promise<Omit<Where, "type">>,
  make: (page: Page<StoredResource>, nextLink: string | undefined, slot: string) => Buffer | Promise<Buffer>,
  opts: PageOptions = {},
): Promise<ArmResponse> {
  // The nextLink is made of the origin, the path as sent, the api-version, the skip token (and $top).
  const top = opts.top ? pageTop(req) : undefined;
  const slot = `page\n${type}\n${req.origin}${req.path}\n${req.apiVersion}\n${req.query.get("$skipToken") ?? ""}\n${top ?? ""}`;
  const body = await ctx.answers.answer(slot, async () => {
    const scope: Where = { type, ...(await where()) };
    const { page, nextLink, after } = await readPage(ctx, req, scope, top);
    return make(page, nextLink, `${type}\n${scope.parentKey ?? ""}\n${scope.subscriptionId ?? ""}\n${after ?? ""}`);
  });
  return { status: 200, body };
}

/** A remembered page whose items are rendered by `answers` (kept as JSON bytes, spliced into the list). */
export function rememberedPageResponse(
  ctx: ProviderContext,
  req: ArmRequest,
  type: string,
  where: () => Promise<Omit<Where, "type">>,
  answers: AnswerCache,
  opts: PageOptions = {},
): Promise<ArmResponse> {
  return rememberedPage(
    ctx,
    req,
    type,
    where,
    (page, nextLink, listSlot) => answers.list(`${listSlot}\n${opts.top ? pageTop(req) : ""}`, page.items, nextLink),
    opts,
  );
}

/** A remembered page whose items are rendered at each answer (they read other stored resources). */
export function renderedPageResponse(
  ctx: ProviderContext,
  req: ArmRequest,
  type: string,
  where: () => Promise<Omit<Where, "type">>,
  render: (r: StoredResource) => Promise<unknown>,
  opts: PageOptions = {},
): Promise<ArmResponse> {
  return rememberedPage(
    ctx,
    req,
    type,
    where,
    async (page, nextLink) => {
      const value = await Promise.all(page.items.map(render));
      return Buffer.from(JSON.stringify(nextLink === undefined ? { value } : { value, nextLink }));
    },
    opts,
  );
}

/** The request's `$top` (a whole number from 1), or undefined when it sends none. */
export function pageTop(req: ArmRequest): number | undefined {
  const raw = req.query.get("$top");
  if (raw === null || raw === "") return undefined;
  if (!/^[0-9]{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new ArmError(400, "BadRequest", `The value '${raw}' of $top is not valid. Give a whole number of at least 1, the most items a page may hold.`, {
      target: "$top",
    });
  }
  return Number(raw);
}

async function readPage(
  ctx: ProviderContext,
  req: ArmRequest,
  where: Where,
  top?: number,
): Promise<{ page: Page<StoredResource>; nextLink?: string; after?: string }> {
  const after = req.query.get("$skipToken") ?? undefined;
  if (after !== undefined && !/^[A-Za-z0-9_-]*$/.test(after)) {
    throw new ArmError(400, "InvalidSkipToken", `The $skipToken '${after}' is not valid. Use the nextLink of the previous page as it is.`);
  }
  const page = await ctx.store.list({ ...where, limit: Math.min(top ?? ctx.config.pageSize, ctx.config.pageSize), after: after || undefined });
  if (!page.next) return { page, after };
  const url = new URL(req.origin + req.path);
  url.searchParams.set("api-version", req.apiVersion);
  if (top !== undefined) url.searchParams.set("$top", String(top));
  url.searchParams.set("$skipToken", page.next);
  return { page, nextLink: url.toString(), after };
}
