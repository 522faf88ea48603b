import { h, type VNode } from "preact";
import htm from "htm";

/** Preact elements from tagged templates (htm): every interpolated value is a property or a text node, never parsed HTML. */
export const html = htm.bind(h) as (strings: TemplateStringsArray, ...values: unknown[]) => VNode;
