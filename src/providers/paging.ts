import { ArmError } from "../arm/errors.js";
import type { ArmRequest, ArmResponse } from "../arm/router.js";
import type { StoredResource } from "../store/store.js";
import type { ProviderContext } from "./context.js";
import { listAnswerBytes } from "./answer-cache.js";

/**
 * A list answer `{value, nextLink?}`. The nextLink is absolute (built from the request's host)
 * and carries `$skipToken`, as ARM's do; following it gives the next page.
 */
export async function pageResponse(
  ctx: ProviderContext,
  req: ArmRequest,
  where: { type: string; parentKey?: string; subscriptionId?: string },
  render: (r: StoredResource) => unknown,
  /** The same rendering as JSON bytes (e.g. from an AnswerCache): the page is then answered as bytes, exactly what `render` gives. */
  renderBytes?: (r: StoredResource) => Buffer,
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
  if (renderBytes) return { status: 200, body: listAnswerBytes(page.items.map(renderBytes), nextLink) };
  const body: { value: unknown[]; nextLink?: string } = { value: page.items.map(render) };
  if (nextLink !== undefined) body.nextLink = nextLink;
  return { status: 200, body };
}
