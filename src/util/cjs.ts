import { createRequire } from "node:module";

/**
 * `require` for the CommonJS packages we load (commander, better-sqlite3, pino; Ajv on first use).
 * An ESM `import` of a CommonJS package also runs the loader's translation and
 * cjs-module-lexer over its sources to find the named exports: together about 10 ms of cold start.
 */
export const requireCjs = createRequire(import.meta.url);
