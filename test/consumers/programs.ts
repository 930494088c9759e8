// The tiny programs each consumer project runs: one message through Herald to the Telegram
// simulator of herald/testing over a real socket, printed as one JSON line that the test reads.
// `text` is the shape's name, so that a program run in the wrong project can not pass.

/** The bot token the simulator accepts (a Bot API token is `<bot id>:<secret>`). */
const TOKEN = "123456:TEST";

/** The program as ESM TypeScript (top-level await), importing the server from `testingFrom`. */
export function esmProgram(shape: string, testingFrom: string): string {
  return `import { createHerald } from "herald";
import { telegram } from "herald/telegram";
import { createSimulator, startSimulatorServer } from "${testingFrom}";

const sim = createSimulator({ telegram: { botTokens: ["${TOKEN}"] } });
const server = await startSimulatorServer(sim);
const herald = createHerald({
  adapters: [telegram({ botToken: "${TOKEN}", baseUrl: server.urls.telegram })],
});
try {
  const report = await herald.send({ text: "${shape}" }, { to: "telegram:42" }).orThrow();
  const delivered: Array<string | undefined> = sim.telegram.messages.map((m) => m.text);
  console.log(JSON.stringify({ ok: report.ok, delivered }));
} finally {
  await herald.close();
  await server.close();
}
`;
}

/** The program as CommonJS TypeScript (compiled to `require`, no top-level await). */
export function cjsProgram(shape: string): string {
  return `import { createHerald } from "herald";
import { telegram } from "herald/telegram";
import { createSimulator, startSimulatorServer } from "herald/testing";

async function main(): Promise<void> {
  const sim = createSimulator({ telegram: { botTokens: ["${TOKEN}"] } });
  const server = await startSimulatorServer(sim);
  const herald = createHerald({
    adapters: [telegram({ botToken: "${TOKEN}", baseUrl: server.urls.telegram })],
  });
  try {
    const report = await herald.send({ text: "${shape}" }, { to: "telegram:42" }).orThrow();
    console.log(JSON.stringify({ ok: report.ok, delivered: sim.telegram.messages.map((m) => m.text) }));
  } finally {
    await herald.close();
    await server.close();
  }
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

/** The program as plain JavaScript ESM, run by Node as written. */
export function jsProgram(shape: string): string {
  return `import { createHerald } from "herald";
import { telegram } from "herald/telegram";
import { createSimulator, startSimulatorServer } from "herald/testing";

const sim = createSimulator({ telegram: { botTokens: ["${TOKEN}"] } });
const server = await startSimulatorServer(sim);
const herald = createHerald({ adapters: [telegram({ botToken: "${TOKEN}", baseUrl: server.urls.telegram })] });
try {
  const report = await herald.send({ text: "${shape}" }, { to: "telegram:42" }).orThrow();
  console.log(JSON.stringify({ ok: report.ok, delivered: sim.telegram.messages.map((m) => m.text) }));
} finally {
  await herald.close();
  await server.close();
}
`;
}

/**
 * The documented Node-server path in a project without msw: `import("herald/testing")` as the
 * issue tried it, and what `sim.handlers()` (the msw path) says there.
 */
export function withoutMswProgram(shape: string): string {
  return `import { createHerald } from "herald";
import { telegram } from "herald/telegram";

const { createSimulator, startSimulatorServer } = await import("herald/testing");
const sim = createSimulator({ telegram: { botTokens: ["${TOKEN}"] } });
let handlersError = "";
try {
  sim.handlers();
} catch (error) {
  handlersError = error instanceof Error ? error.message : String(error);
}
const server = await startSimulatorServer(sim);
const herald = createHerald({
  adapters: [telegram({ botToken: "${TOKEN}", baseUrl: server.urls.telegram })],
});
try {
  const report = await herald.send({ text: "${shape}" }, { to: "telegram:42" }).orThrow();
  const delivered = sim.telegram.messages.map((m) => m.text);
  console.log(JSON.stringify({ ok: report.ok, delivered, handlersError }));
} finally {
  await herald.close();
  await server.close();
}
`;
}

/**
 * The msw path in a project with msw: `simulatorHandlers` of `herald/testing/msw` (msw's types)
 * and the older `sim.handlers()`, each serving one message. The base URL is a closed local port,
 * so that a request msw failed to catch is refused here instead of reaching a network.
 */
export function mswProgram(shape: string): string {
  return `import { createHerald } from "herald";
import { telegram } from "herald/telegram";
import { createSimulator } from "herald/testing";
import { simulatorHandlers } from "herald/testing/msw";
import { setupServer } from "msw/node";

const base = "http://127.0.0.1:9/telegram"; // port 9 (discard): nothing listens here
const sim = createSimulator({ telegram: { botTokens: ["${TOKEN}"] } });
const herald = createHerald({ adapters: [telegram({ botToken: "${TOKEN}", baseUrl: base })] });
const delivered: Array<string | undefined> = [];
for (const handlers of [simulatorHandlers(sim, { telegram: base }), sim.handlers({ telegram: base })]) {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: "error" });
  try {
    await herald.send({ text: "${shape}" }, { to: "telegram:42" }).orThrow();
  } finally {
    server.close();
  }
}
delivered.push(...sim.telegram.messages.map((m) => m.text));
await herald.close();
console.log(JSON.stringify({ ok: true, delivered }));
`;
}
