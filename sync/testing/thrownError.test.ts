import { thrownError } from "./thrownError";

class ParticularError extends Error {
  override readonly name = "ParticularError";
}

const throwing = (error: unknown) => () => {
  throw error;
};

describe("thrownError", () => {
  it("returns whatever the action throws", () => {
    const error = new RangeError("out of range");
    expect(thrownError(throwing(error))).toBe(error);
  });

  it("returns an error of the given class", () => {
    const error = new ParticularError("particular");
    expect(thrownError(throwing(error), ParticularError)).toBe(error);
  });

  it("throws an error of another class on, unchanged", () => {
    const error = new RangeError("out of range");
    expect(() => thrownError(throwing(error), ParticularError)).toThrow(error);
  });

  it("fails when nothing is thrown, naming what was expected", () => {
    expect(() => thrownError(() => 1)).toThrow(new Error("expected an error, none was thrown"));
    expect(() => thrownError(() => 1, ParticularError)).toThrow(
      new Error("expected a ParticularError, none was thrown"),
    );
  });
});
