/**
 * Marks requests as background work: under load Graph throttles `x-ms-throttle-priority: low`
 * requests first, sparing interactive apps of the same tenant.
 * https://learn.microsoft.com/graph/throttling#throttling-priority
 */
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { setRequestHeader } from "./requestContext";

export const THROTTLE_PRIORITY_HEADER = "x-ms-throttle-priority";

export class ThrottlePriorityHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly priority: "low") {}

  async execute(context: Context): Promise<void> {
    if (this.next === undefined) throw new Error("ThrottlePriorityHandler needs a next middleware");
    setRequestHeader(context, THROTTLE_PRIORITY_HEADER, this.priority);
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
