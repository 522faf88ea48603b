import { readdirSync, readFileSync } from "node:fs";
import { packageFile } from "../util/package-files.js";
import { join } from "node:path";

/**
 * A directory of files generated from the official definitions, one per namespace and api-version
 * (`<namespace>-<api-version>.json`, lower-cased namespace): the request schemas and the answer
 * shapes. Found from the package root (the command line's bundle does not keep the modules'
 * directories); the listing is read on first use, each file when a version is first asked for.
 */
export interface GeneratedFiles<T> {
  /** The api-versions there are files of for a namespace (any case), oldest first. */
  versions(namespace: string): readonly string[];
  /** The file of a namespace at one of its versions. */
  file(namespace: string, apiVersion: string): T;
}

export function generatedFiles<T>(dirFromPackageRoot: string): GeneratedFiles<T> {
  const dir = packageFile(dirFromPackageRoot);
  let versionsByNamespace: Map<string, string[]> | undefined;
  const files = new Map<string, T>();
  return {
    versions(namespace) {
      if (versionsByNamespace === undefined) {
        versionsByNamespace = new Map();
        for (const name of readdirSync(dir)) {
          const m = /^(.+)-(\d{4}-\d{2}-\d{2}(?:-[a-z]+)?)\.json$/.exec(name);
          if (!m) continue;
          const list = versionsByNamespace.get(m[1]!) ?? [];
          list.push(m[2]!);
          versionsByNamespace.set(m[1]!, list.sort());
        }
      }
      return versionsByNamespace.get(namespace.toLowerCase()) ?? [];
    },
    file(namespace, apiVersion) {
      const name = `${namespace.toLowerCase()}-${apiVersion}.json`;
      let f = files.get(name);
      if (f === undefined) {
        f = JSON.parse(readFileSync(join(dir, name), "utf8")) as T;
        files.set(name, f);
      }
      return f;
    },
  };
}
