import { z } from "zod";
import type { RotationState } from "./secretRotationPlan";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const slotName = z.enum(["a", "b"]);
const slotSecret = z.object({
  slot: slotName,
  window: z.number().int(),
  generation: z.number().int(),
  windowStart: z.string().regex(RFC3339),
  endDate: z.string().regex(RFC3339),
  publishedAt: z.string().regex(RFC3339),
});
const rotationState = z
  .object({
    current: slotName,
    slots: z.object({ a: slotSecret, b: slotSecret }),
    policy: z.object({
      anchor: z.string().regex(RFC3339),
      rotationDays: z.number().int().min(1),
      validityDays: z.number().int().min(1),
    }),
  })
  .refine((state) => state.slots.a.slot === "a" && state.slots.b.slot === "b", {
    message: "slot a/b hold each other's record",
  });

/**
 * The `secretRotation` output of the stack's previous update, as the program reads it back. Absent (a
 * new stack, or one deployed before this output existed) → undefined: the clock schedule applies, which
 * is what such a stack holds. Present but malformed → an error: guessing could delete a secret in use.
 */
export function parseRotationState(value: unknown): RotationState | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = rotationState.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `The stack output secretRotation of the previous update is not a rotation state (${first?.path.join(".") || "value"}: ${first?.message}). ` +
        "Fix: it is written by this program only; restore it with `pulumi stack export`/`import` from a backup, " +
        "or remove it from the state's outputs to fall back to the calendar (which may re-issue both secrets).",
    );
  }
  return parsed.data;
}
