// The consumer projects: the shapes of project a user really has, as data. Every TypeScript one
// has `skipLibCheck: false` (Herald's own .d.ts files are checked, not skipped) and no DOM lib
// (a Node app's lib), so that a type that needs either fails here.
import { cjsProgram, esmProgram, jsProgram, mswProgram, withoutMswProgram } from "./programs.js";

/** Which install a project sits in: with every optional peer, or with ajv and without msw. */
export type Install = "full" | "without-msw";

/** One consumer project. */
export interface Shape {
  /** Its folder, and the text its program sends. */
  name: string;
  /** What it says it proves. */
  about: string;
  install: Install;
  /** package.json `type`. */
  type: "module" | "commonjs";
  /** tsconfig.json `compilerOptions`; none for a plain JavaScript project. */
  compilerOptions?: Record<string, unknown>;
  /** Which TypeScript checks it: the project's own, or the oldest Herald supports. */
  typescript?: "current" | "oldest";
  /** The program: its path in the project and its source. */
  file: string;
  source: string;
  /** What Node runs, after tsc (or esbuild for `bundle`) has built it. */
  run: string;
  /** Bundled by esbuild for Node before it runs, as a bundler project ships. */
  bundle?: boolean;
  /** The texts the simulator must have delivered. */
  delivered: string[];
}

/** What every TypeScript project here has in common. */
const BASE = {
  target: "ES2022",
  lib: ["ES2022"],
  types: ["node"],
  strict: true,
  skipLibCheck: false,
  rootDir: "src",
  outDir: "out",
} as const;

const NODE_NEXT = { ...BASE, module: "NodeNext", moduleResolution: "NodeNext" } as const;

/** Every shape the consumer test installs, typechecks and runs. */
export const SHAPES: readonly Shape[] = [
  {
    name: "esm-nodenext",
    about: "ESM TypeScript, module and moduleResolution NodeNext",
    install: "full",
    type: "module",
    compilerOptions: NODE_NEXT,
    file: "src/main.ts",
    source: esmProgram("esm-nodenext", "herald/testing"),
    run: "out/main.js",
    delivered: ["esm-nodenext"],
  },
  {
    name: "bundler",
    about:
      'moduleResolution "Bundler" (no `node` condition: the server from herald/testing/node), bundled by esbuild',
    install: "full",
    type: "module",
    compilerOptions: { ...BASE, module: "ESNext", moduleResolution: "Bundler", noEmit: true },
    file: "src/main.ts",
    source: esmProgram("bundler", "herald/testing/node"),
    run: "out/main.mjs",
    bundle: true,
    delivered: ["bundler"],
  },
  {
    name: "commonjs",
    about: "CommonJS: TypeScript compiled to require() (the .cjs build and its .d.cts types)",
    install: "full",
    type: "commonjs",
    compilerOptions: NODE_NEXT,
    file: "src/main.ts",
    source: cjsProgram("commonjs"),
    run: "out/main.js",
    delivered: ["commonjs"],
  },
  {
    name: "js-esm",
    about: "plain JavaScript ESM, no TypeScript",
    install: "full",
    type: "module",
    file: "main.mjs",
    source: jsProgram("js-esm"),
    run: "main.mjs",
    delivered: ["js-esm"],
  },
  {
    name: "strict-exact",
    about: "strict with exactOptionalPropertyTypes and noUncheckedIndexedAccess",
    install: "full",
    type: "module",
    compilerOptions: {
      ...NODE_NEXT,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noPropertyAccessFromIndexSignature: true,
      verbatimModuleSyntax: true,
    },
    file: "src/main.ts",
    source: esmProgram("strict-exact", "herald/testing"),
    run: "out/main.js",
    delivered: ["strict-exact"],
  },
  {
    name: "oldest-typescript",
    about: "the oldest TypeScript Herald supports (docs/install.md)",
    install: "full",
    type: "module",
    compilerOptions: NODE_NEXT,
    typescript: "oldest",
    file: "src/main.ts",
    source: esmProgram("oldest-typescript", "herald/testing"),
    run: "out/main.js",
    delivered: ["oldest-typescript"],
  },
  {
    name: "msw",
    about: "the msw path: herald/testing/msw and sim.handlers() with msw's setupServer",
    install: "full",
    type: "module",
    // msw's own types name DOM types (`BodyInit`, `RequestMode`, `WebSocketEventMap`)
    compilerOptions: { ...NODE_NEXT, lib: ["ES2022", "DOM"] },
    file: "src/main.ts",
    source: mswProgram("msw"),
    run: "out/main.js",
    delivered: ["msw", "msw"],
  },
  {
    name: "without-msw",
    about: 'no msw installed: import("herald/testing") and the Node server',
    install: "without-msw",
    type: "module",
    compilerOptions: NODE_NEXT,
    file: "src/main.ts",
    source: withoutMswProgram("without-msw"),
    run: "out/main.js",
    delivered: ["without-msw"],
  },
];
