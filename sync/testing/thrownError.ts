/**
 * What `action` throws, for tests that check more of an error than its message. A test fails when nothing
 * is thrown; with `type`, an error of any other class is thrown on as it was, so the failure shows it.
 */
export function thrownError<T extends Error>(action: () => unknown, type: new (...args: never[]) => T): T;
export function thrownError(action: () => unknown): unknown;
export function thrownError(action: () => unknown, type?: new (...args: never[]) => Error): unknown {
  try {
    action();
  } catch (error) {
    if (type === undefined || error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type === undefined ? "an error" : `a ${type.name}`}, none was thrown`);
}
