// A simulator HTTP server in its own process, so that the overhead benchmark measures the
// sender's CPU alone. Prints the Telegram base URL on stdout, serves until killed.
import { createSimulator, startSimulatorServer } from "herald/testing";

/** No limit worth the name: the benchmark measures CPU per message, not the platform's pace. */
const UNLIMITED = { limit: 1_000_000, windowMs: 1_000 };

const sim = createSimulator({
  telegram: {
    botTokens: [process.argv[2] ?? ""],
    limits: { perBot: UNLIMITED, perPrivateChat: UNLIMITED },
  },
  validate: false,
});
const server = await startSimulatorServer(sim);
console.log(server.urls.telegram);
