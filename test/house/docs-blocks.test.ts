// The docs check (scripts/check-docs.ts, run by CI after the build) reads the right blocks: every
// ```ts block with its first line, not the API outlines (```ts synopsis) or the blocks that use a
// package the repository does not have (```ts unchecked).
import { describe, expect, it } from "vitest";
import { tsBlocks } from "../../scripts/check-docs.js";

describe("docs blocks", () => {
  it("takes each ```ts block with the line of its first code line, and skips the others", () => {
    const text = [
      "# Title", // 1
      "```ts", // 2
      'import { createHerald } from "herald";', // 3
      "```", // 4
      "```ts synopsis", // 5
      "send(message, { to, at? })", // 6
      "```", // 7
      "```ts unchecked", // 8
      "fastify.register(() => {});", // 9
      "```", // 10
      "```sh", // 11
      "npm test", // 12
      "```", // 13
      "```ts", // 14
      "herald.preview(message, { to: 'x' });", // 15
      "await delivery;", // 16
      "```", // 17
    ].join("\n");
    expect(tsBlocks("docs/a.md", text)).toEqual([
      { file: "docs/a.md", line: 3, code: 'import { createHerald } from "herald";\n' },
      {
        file: "docs/a.md",
        line: 15,
        code: "herald.preview(message, { to: 'x' });\nawait delivery;\n",
      },
    ]);
  });
});
