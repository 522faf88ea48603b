import { ArmError } from "../arm/errors.js";
import type { ArmRequest, ArmResponse } from "../arm/router.js";
import type { StoredResource } from "../store/store.js";
import type { ProviderContext } from "./context.js";
import type { AnswerCache } from "./answer-cache.js";

/**
 * A list answer `{value, nextLink?}`. The nextLink is absolute (built from the request's host)
 * and carries `$skipToken`, as ARM's do; following it gives the next page.
 */
export async function pageResponse(
  ctx: ProviderContext,
  req: ArmRequest,
  where: { type: string; parentKey?: string; subscriptionId?: string },
  render: (r: StoredResource) => unknown,
  /** The same rendering, cached as JSON bytes: the page is then answered as bytes, exactly what `render` gives. */
  answers?: AnswerCache,
): Promise<ArmResponse> {
  const after = req.query.get("$skipToken") ?? undefined;
  if (after !== undefined && !/^[A-Za-z0-9_-]*$/.test(after)) {
    throw new ArmError(400, "InvalidSkipToken", `The $skipToken '${after}' is not valid. Use the nextLink of the previous page as it is.`);
  }
  const page = await ctx.store.list({ ...where, limit: ctx.config.pageSize, after: after || undefined });
  let nextLink: string | undefined;
  if (page.next) {
    const url = new URL(req.origin + req.path);
    url.searchParams.set("api-version", req.apiVersion);
    url.searchParams.set("$skipToken", page.next);
    nextLink = url.toString();
  }
  if (answers) {
    const slot = `${where.type}\n${where.parentKey ?? ""}\n${where.subscriptionId ?? ""}\n${after ?? ""}`;
    return { status: 200, body: answers.list(slot, page.items, nextLink) };
  }
  const body: { value: unknown[]; nextLink?: string } = { value: page.items.map(render) };
  if (nextLink !== undefined) body.nextLink = nextLink;
  return { status: 200, body };
}
