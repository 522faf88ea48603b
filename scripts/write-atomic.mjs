// Writes a build output so that a reader never sees it half written or missing: the bytes go to a
// temporary file beside it, which then replaces the file in one rename. The build can run while
// emulators started from dist/ are loading their files: `npx aks-emulator` in a clone installs the
// clone into npx's cache, which runs its `prepare` (npm run build) while a test suite is running.
import { renameSync, writeFileSync } from "node:fs";

export function writeFileAtomic(path, data, mode = 0o644) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode });
  renameSync(temporary, path);
}
