import type { GraphUser } from "../../standin/generateTenant";
import type { StandInProcess } from "./benchStandIn";

export interface OnePercentChange {
  softDeletes: GraphUser[];
  updates: Array<{ user: GraphUser; patch: Partial<GraphUser> }>;
}

/**
 * Every 100th user of the generated tenant (the stand-in's, same seed): one in ten of those is
 * soft-deleted, the others get a new mobile number and job title.
 */
export function planOnePercent(tenant: readonly GraphUser[]): OnePercentChange {
  const change: OnePercentChange = { softDeletes: [], updates: [] };
  tenant.forEach((user, index) => {
    if (index % 100 !== 0) return;
    if (index % 1000 === 0) change.softDeletes.push(user);
    else {
      const patch = {
        mobilePhone: `+31 6 1${String(index).padStart(7, "0")}`,
        jobTitle: "Benchmark Analyst",
      };
      change.updates.push({ user, patch });
    }
  });
  return change;
}

export async function applyThroughStandIn(
  standIn: StandInProcess,
  change: OnePercentChange,
): Promise<number> {
  const requests: Array<() => Promise<unknown>> = [
    ...change.softDeletes.map((user) => () => standIn.control("users/softDelete", { id: user.id })),
    ...change.updates.map(
      ({ user, patch }) =>
        () =>
          standIn.control("users/update", { id: user.id, patch }),
    ),
  ];
  const PARALLEL = 16;
  for (let start = 0; start < requests.length; start += PARALLEL) {
    await Promise.all(requests.slice(start, start + PARALLEL).map((send) => send()));
  }
  return requests.length;
}
