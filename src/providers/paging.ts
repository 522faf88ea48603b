import { ArmError } from "../arm/errors.js";
import type { ArmRequest, ArmResponse } from "../arm/router.js";
import type { Page, StoredResource } from "../store/store.js";
import type { ProviderContext } from "./context.js";
import type { AnswerCache } from "./answer-cache.js";

type Where = { type: string; parentKey?: string; subscriptionId?: string };

/**
 * A list answer `{value, nextLink?}`. The nextLink is absolute (built from the request's host)
 * and carries `$skipToken`, as ARM's do; following it gives the next page.
 */
export async function pageResponse(ctx: ProviderContext, req: ArmRequest, where: Where, render: (r: StoredResource) => unknown): Promise<ArmResponse> {
  const { page, nextLink } = await readPage(ctx, req, where);
  const body: { value: unknown[]; nextLink?: string } = { value: page.items.map(render) };
  if (nextLink !== undefined) body.nextLink = nextLink;
  return { status: 200, body };
}

/**
 * pageResponse with each item rendered by `answers` (the same rendering, kept as JSON bytes), the
 * page remembered whole until the store changes (ctx.answers). `where` runs only when the page is
 * not remembered (it reads and checks the scope, e.g. that the resource group exists).
 */
export async function rememberedPageResponse(
  ctx: ProviderContext,
  req: ArmRequest,
  type: string,
  where: () => Promise<Omit<Where, "type">>,
  answers: AnswerCache,
): Promise<ArmResponse> {
  // The nextLink is made of the origin, the path as sent, the api-version and the skip token.
  const slot = `page\n${type}\n${req.origin}${req.path}\n${req.apiVersion}\n${req.query.get("$skipToken") ?? ""}`;
  const body = await ctx.answers.answer(slot, async () => {
    const scope: Where = { type, ...(await where()) };
    const { page, nextLink, after } = await readPage(ctx, req, scope);
    return answers.list(`${type}\n${scope.parentKey ?? ""}\n${scope.subscriptionId ?? ""}\n${after ?? ""}`, page.items, nextLink);
  });
  return { status: 200, body };
}

async function readPage(ctx: ProviderContext, req: ArmRequest, where: Where): Promise<{ page: Page<StoredResource>; nextLink?: string; after?: string }> {
  const after = req.query.get("$skipToken") ?? undefined;
  if (after !== undefined && !/^[A-Za-z0-9_-]*$/.test(after)) {
    throw new ArmError(400, "InvalidSkipToken", `The $skipToken '${after}' is not valid. Use the nextLink of the previous page as it is.`);
  }
  const page = await ctx.store.list({ ...where, limit: ctx.config.pageSize, after: after || undefined });
  if (!page.next) return { page, after };
  const url = new URL(req.origin + req.path);
  url.searchParams.set("api-version", req.apiVersion);
  url.searchParams.set("$skipToken", page.next);
  return { page, nextLink: url.toString(), after };
}
