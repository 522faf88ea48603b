/**
 * Import rules over src/ (run by `npm test` through test/style/style-checks.test.ts, and by `npm run lint`).
 * A provider folder (containerservice, network, managedidentity, resources) imports no other provider
 * folder's internals: what crosses namespaces (a private cluster's zone and endpoint, a private
 * endpoint's connection on a cluster) lives in src/providers/links/, which both sides call. Shared
 * modules (src/providers/*.ts), links/, kit/, arm/, store/ and util/ are open to all. Whitelisted:
 * the resource group and subscription checks every provider runs before its own
 * (resources/resource-groups.ts, resources/subscriptions.ts). app.ts only composes: it reaches the
 * providers through src/providers/registrations.ts (and, whitelisted, reads the --version-catalogue
 * file through containerservice/version-catalogue-file.ts).
 */
module.exports = {
  forbidden: [
    {
      name: "no-other-provider-internals",
      comment: "A provider folder imports another one's internals: move what both need into src/providers/links/ (or a shared src/providers/*.ts module).",
      severity: "error",
      from: { path: "^src/providers/(containerservice|network|managedidentity|resources|authorization)/" },
      to: {
        path: "^src/providers/(containerservice|network|managedidentity|resources|authorization)/",
        pathNot: ["^src/providers/$1/", "^src/providers/resources/(resource-groups|subscriptions)[.]ts$"],
      },
    },
    {
      name: "app-only-composes",
      comment: "app.ts composes the emulator from the registry (src/providers/registrations.ts); it does not reach into a provider.",
      severity: "error",
      from: { path: "^src/app[.]ts$" },
      // Whitelisted: the --version-catalogue file's reader, loaded at start only when the option is given (a setting, not a type).
      to: {
        path: "^src/providers/(containerservice|network|managedidentity|resources|authorization|links)/",
        pathNot: "^src/providers/containerservice/version-catalogue-file[.]ts$",
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: a provider does not lean on another's types either.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
