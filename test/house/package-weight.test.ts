// The package-weight check CI runs (bench/package-weight.ts --check): it must flag a tarball past
// its budget, a subpath other than herald/testing's that loads the simulator's packages, and
// msw loaded by herald/testing itself.
import { describe, expect, it } from "vitest";
import {
  PACKED_BUDGET_BYTES,
  type PackageWeight,
  weightProblems,
} from "../../bench/package-weight.js";

const weight = (packedBytes: number): PackageWeight => ({
  packedBytes,
  unpackedBytes: packedBytes * 4,
  byKind: { javascript: packedBytes, types: 0, maps: 0, other: 0 },
});
const row = (subpath: string, packages: string[]) => ({
  subpath,
  bytes: 1,
  gzipBytes: 1,
  packages,
});

describe("package weight check", () => {
  it("passes a package within budget whose simulator packages only herald/testing loads", () => {
    const rows = [
      row("herald", ["zod/mini", "ky"]),
      row("herald/testing", ["ajv"]),
      row("herald/testing/node", ["ajv"]),
      row("herald/testing/msw", ["msw"]),
    ];
    expect(weightProblems(weight(PACKED_BUDGET_BYTES), rows)).toEqual([]);
  });

  it("flags a packed size past the budget", () => {
    const problems = weightProblems(weight(PACKED_BUDGET_BYTES + 1), []);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("past the budget");
  });

  it("flags msw or ajv loaded by the package itself or an adapter", () => {
    const rows = [row("herald", ["ky", "ajv"]), row("herald/x", ["msw"])];
    expect(weightProblems(weight(1), rows)).toEqual(["herald loads ajv", "herald/x loads msw"]);
  });

  it("flags msw loaded by herald/testing, which must import without it (issue 20, item 6)", () => {
    const rows = [row("herald/testing", ["ajv", "msw"]), row("herald/testing/node", ["msw"])];
    expect(weightProblems(weight(1), rows)).toEqual([
      "herald/testing loads msw",
      "herald/testing/node loads msw",
    ]);
  });
});
