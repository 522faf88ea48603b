import { ArmError } from "../../arm/errors.js";

/**
 * The `$filter` of ARM's generic resource list (`GET .../resources`), as the Resources API documents it
 * (https://learn.microsoft.com/rest/api/resources/resources/list):
 *
 * - `eq` / `ne` on location, resourceType, name, resourceGroup, identity, identity/principalId, plan,
 *   plan/publisher, plan/product, plan/name, plan/version, plan/promotionCode;
 * - `substringof('value', name|resourceGroup)`, combined with `and` / `or` (and parentheses);
 * - tags on their own: `tagName eq 'n'`, `tagName eq 'n' and tagValue eq 'v'`, `startswith(tagName, 'prefix')`.
 *
 * Anything else (another property or function, a tag condition mixed with others, a syntax error) is
 * ARM's 400 InvalidFilterInQueryString, whose message repeats the filter.
 */

/** What a condition is evaluated against: a resource of the generic list. */
export interface FilterSubject {
  name: string;
  type: string;
  location: string;
  resourceGroup: string;
  tags: Record<string, string>;
  identity?: { type?: unknown; principalId?: unknown };
  plan?: Record<string, unknown>;
}

export interface ResourceFilter {
  matches(subject: FilterSubject): boolean;
  /** A tag filter: ARM leaves the resources' tags out of the answer. */
  readonly byTag: boolean;
}

type Node =
  | { kind: "compare"; property: string; op: "eq" | "ne"; value: string }
  | { kind: "substringof"; property: string; value: string }
  | { kind: "startswith"; property: string; value: string }
  | { kind: "and"; left: Node; right: Node }
  | { kind: "or"; left: Node; right: Node };

type Token = { kind: "word"; text: string } | { kind: "string"; text: string } | { kind: "punct"; text: "(" | ")" | "," };

const COMPARABLE = new Set([
  "location",
  "resourcetype",
  "name",
  "resourcegroup",
  "identity",
  "identity/principalid",
  "plan",
  "plan/publisher",
  "plan/product",
  "plan/name",
  "plan/version",
  "plan/promotioncode",
]);
const SUBSTRING_PROPERTIES = new Set(["name", "resourcegroup"]);
const TAG_PROPERTIES = new Set(["tagname", "tagvalue"]);

/** The filter the text describes, or undefined for none; throws ARM's 400 for one it does not support. */
export function parseResourceFilter(text: string | null | undefined): ResourceFilter | undefined {
  if (text === null || text === undefined || text.trim() === "") return undefined;
  const invalid = () => new ArmError(400, "InvalidFilterInQueryString", `Invalid $filter '${text}' specified in the query string.`);
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    throw invalid();
  }
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const word = (t: Token | undefined, w: string) => t?.kind === "word" && t.text.toLowerCase() === w;
  const expect = (kind: Token["kind"], text?: string): Token => {
    const t = next();
    if (!t || t.kind !== kind || (text !== undefined && t.text !== text)) throw invalid();
    return t;
  };

  const parseOr = (): Node => {
    let left = parseAnd();
    while (word(peek(), "or")) {
      next();
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseTerm();
    while (word(peek(), "and")) {
      next();
      left = { kind: "and", left, right: parseTerm() };
    }
    return left;
  };
  const parseTerm = (): Node => {
    const t = next();
    if (!t) throw invalid();
    if (t.kind === "punct" && t.text === "(") {
      const inner = parseOr();
      expect("punct", ")");
      return inner;
    }
    if (t.kind !== "word") throw invalid();
    const fn = t.text.toLowerCase();
    if ((fn === "substringof" || fn === "startswith") && peek()?.kind === "punct" && peek()!.text === "(") {
      next();
      if (fn === "substringof") {
        const value = expect("string").text;
        expect("punct", ",");
        const property = expect("word").text.toLowerCase();
        expect("punct", ")");
        if (!SUBSTRING_PROPERTIES.has(property)) throw invalid();
        return { kind: "substringof", property, value };
      }
      const property = expect("word").text.toLowerCase();
      expect("punct", ",");
      const value = expect("string").text;
      expect("punct", ")");
      if (property !== "tagname") throw invalid();
      return { kind: "startswith", property, value };
    }
    const op = next();
    if (op?.kind !== "word" || !["eq", "ne"].includes(op.text.toLowerCase())) throw invalid();
    const value = expect("string").text;
    if (!COMPARABLE.has(fn) && !TAG_PROPERTIES.has(fn)) throw invalid();
    return { kind: "compare", property: fn, op: op.text.toLowerCase() as "eq" | "ne", value };
  };

  const tree = parseOr();
  if (at !== tokens.length) throw invalid();
  const byTag = tagFilter(tree);
  if (byTag === "invalid") throw invalid();
  return { byTag, matches: (subject) => evaluate(tree, subject) };
}

/** Whether the tree is a tag filter (true), has no tag condition (false), or mixes them as ARM refuses. */
function tagFilter(tree: Node): boolean | "invalid" {
  const usesTags = (n: Node): boolean => {
    if (n.kind === "and" || n.kind === "or") return usesTags(n.left) || usesTags(n.right);
    return n.kind === "startswith" || TAG_PROPERTIES.has(n.property);
  };
  if (!usesTags(tree)) return false;
  if (tree.kind === "startswith") return true;
  if (tree.kind === "compare" && tree.property === "tagname" && tree.op === "eq") return true;
  if (tree.kind === "and" && tree.left.kind === "compare" && tree.right.kind === "compare") {
    const [l, r] = [tree.left, tree.right];
    if (l.property === "tagname" && l.op === "eq" && r.property === "tagvalue" && r.op === "eq") return true;
  }
  return "invalid";
}

function evaluate(n: Node, s: FilterSubject): boolean {
  switch (n.kind) {
    case "and": {
      const [l, r] = [n.left, n.right];
      // `tagName eq 'n' and tagValue eq 'v'`: the value of that tag (names case-insensitive, values not).
      if (l.kind === "compare" && l.property === "tagname" && r.kind === "compare" && r.property === "tagvalue") {
        return Object.entries(s.tags).some(([k, v]) => k.toLowerCase() === l.value.toLowerCase() && v === r.value);
      }
      return evaluate(l, s) && evaluate(r, s);
    }
    case "or":
      return evaluate(n.left, s) || evaluate(n.right, s);
    case "substringof":
      return (n.property === "name" ? s.name : s.resourceGroup).toLowerCase().includes(n.value.toLowerCase());
    case "startswith":
      return Object.keys(s.tags).some((k) => k.toLowerCase().startsWith(n.value.toLowerCase()));
    case "compare": {
      if (n.property === "tagname") return Object.keys(s.tags).some((k) => k.toLowerCase() === n.value.toLowerCase());
      // tagValue appears only after `tagName eq` (tagFilter), which the `and` above reads.
      if (n.property === "tagvalue") return false;
      const equal = (propertyValue(n.property, s) ?? "").toLowerCase() === n.value.toLowerCase();
      return n.op === "eq" ? equal : !equal;
    }
  }
}

function propertyValue(property: string, s: FilterSubject): string | undefined {
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  switch (property) {
    case "location":
      return s.location;
    case "resourcetype":
      return s.type;
    case "name":
      return s.name;
    case "resourcegroup":
      return s.resourceGroup;
    case "identity":
      return text(s.identity?.type);
    case "identity/principalid":
      return text(s.identity?.principalId);
    case "plan":
      return text(s.plan?.["name"]);
    default:
      return text(s.plan?.[property.slice("plan/".length) === "promotioncode" ? "promotionCode" : property.slice("plan/".length)]);
  }
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      out.push({ kind: "punct", text: c });
      i++;
    } else if (c === "'") {
      // OData strings: '' is a quote inside.
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated string");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      out.push({ kind: "string", text: value });
    } else {
      const m = /^[A-Za-z][A-Za-z0-9_/]*/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected '${c}'`);
      out.push({ kind: "word", text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}
