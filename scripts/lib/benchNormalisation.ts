import { normalisePhone } from "../../sync/phone/normalisePhone";
import { regionForUser } from "../../sync/phone/region";
import type { PhoneType } from "../../sync/model";
import { generateTenant } from "../../standin/generateTenant";

interface Sample {
  raw: string;
  type: PhoneType;
  region: string | null;
}

/** The generator's numbers with the region the sync would read each one in (usageLocation, country, NL). */
function samples(seed: number, users: number): Sample[] {
  const found: Sample[] = [];
  for (const user of generateTenant({ seed, count: users })) {
    const region = regionForUser(
      {
        usageLocation: user.usageLocation ?? null,
        country: typeof user.country === "string" ? user.country : null,
      },
      "NL",
    );
    for (const raw of user.businessPhones ?? []) found.push({ raw, type: "business", region });
    if (typeof user.mobilePhone === "string") found.push({ raw: user.mobilePhone, type: "mobile", region });
  }
  return found;
}

/**
 * Numbers normalised per second on this thread (one core), over the generator's mix of countries,
 * formats and unusable values: one warm-up pass, then passes until at least `minMs` have elapsed.
 */
export function measureNormalisation(
  seed: number,
  { users = 20_000, minMs = 2_000 } = {},
): {
  numbers: number;
  perSecond: number;
} {
  const numbers = samples(seed, users);
  let valid = 0;
  const pass = () => {
    for (const sample of numbers)
      if (normalisePhone(sample.raw, sample.type, sample.region).valid) valid += 1;
  };
  pass();
  let normalised = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    pass();
    normalised += numbers.length;
    elapsed = performance.now() - started;
  }
  if (valid === 0)
    throw new Error("benchNormalisation: no sample normalised: the measurement would be meaningless");
  return { numbers: numbers.length, perSecond: (normalised / elapsed) * 1000 };
}
