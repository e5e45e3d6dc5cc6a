/**
 * A second process for the store-lock tests: takes the lock on argv[2], says "locked", and exits
 * normally when its stdin closes (so the lock's exit hook runs) — or dies by SIGKILL when the test says.
 */
import { acquireStoreLock } from "../store/sqlite/storeLock";

const storePath = process.argv[2];
if (storePath === undefined) throw new Error("usage: holdStoreLock.ts <store path>");
acquireStoreLock(storePath);
process.stdout.write("locked\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
