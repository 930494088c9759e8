// Keeps the docs true (issue 18, item 3): every ```ts block of README.md and docs/ is typechecked
// against the BUILT package (dist/, resolved through package.json "exports" as a user's
// TypeScript resolves it), with the few names the snippets assume declared in
// docs/snippets-prelude.d.ts. A block fenced ```ts synopsis is an API outline, not code, and one
// fenced ```ts unchecked uses a package that is not a dev dependency (its text says so): skipped.
// Run after `npm run build`; CI does. Exits 1 and names file:line of every error.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Where the blocks are written: inside the repository, so that `herald` resolves to itself. */
const OUT = ".docs-check";
/** Lines the checker puts above each block (the source comment and `export {}`). */
const HEADER_LINES = 2;

/** One ```ts block of a Markdown file. */
interface Block {
  file: string;
  /** The line of the block's first code line in its file (1-based). */
  line: number;
  code: string;
}

/** README.md and every Markdown file under docs/. */
function markdownFiles(dir = "docs"): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...markdownFiles(path));
    else if (entry.name.endsWith(".md")) files.push(path);
  }
  return dir === "docs" ? ["README.md", ...files.sort()] : files;
}

/** The checked ```ts blocks of one Markdown text, in one pass over its lines. */
export function tsBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  let open: Block | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (open) {
      if (line.startsWith("```")) {
        blocks.push(open);
        open = undefined;
      } else open.code += `${line}\n`;
    } else if (/^```ts(\s|$)/.test(line) && !/\b(synopsis|unchecked)\b/.test(line)) {
      open = { file, line: i + 2, code: "" };
    }
  }
  return blocks;
}

/** Writes each block as a module under {@link OUT}, with a tsconfig that checks them. */
function writeBlocks(blocks: Block[]): Map<string, Block> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT);
  const byName = new Map<string, Block>();
  blocks.forEach((block, i) => {
    const name = `${String(i).padStart(3, "0")}-${block.file.replace(/[/.]/g, "_")}.ts`;
    writeFileSync(join(OUT, name), `// ${block.file}:${block.line}\nexport {};\n${block.code}`);
    byName.set(name, block);
  });
  writeFileSync(
    join(OUT, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "DOM", "DOM.Iterable"],
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ["./*.ts", "../docs/snippets-prelude.d.ts"],
    }),
  );
  return byName;
}

/** tsc's errors, with each block's position moved back to its Markdown file and line. */
function check(byName: Map<string, Block>): string[] {
  let output = "";
  try {
    execFileSync("npx", ["tsc", "-p", join(OUT, "tsconfig.json")], { encoding: "utf8" });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const at = /^\.docs-check\/([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line);
      const block = at && byName.get(at[1]!);
      if (!at || !block) return line;
      return `${block.file}:${block.line + Number(at[2]) - 1 - HEADER_LINES}:${at[3]} ${at[4]}`;
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const blocks = markdownFiles().flatMap((file) => tsBlocks(file, readFileSync(file, "utf8")));
  const errors = check(writeBlocks(blocks));
  if (errors.length > 0) {
    console.error(errors.join("\n"));
    console.error(
      `\n${errors.length} lines of errors in the docs' TypeScript blocks (${relative(".", "scripts/check-docs.ts")})`,
    );
    process.exit(1);
  }
  console.log(`${blocks.length} TypeScript blocks of README.md and docs/ typecheck against dist/`);
}
