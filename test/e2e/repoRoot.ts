import path from "node:path";

/** The repository root, for children started from it (the CLI through tsx, the lock holder). */
export const REPO_ROOT = path.resolve(__dirname, "../..");
