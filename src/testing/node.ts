/** `herald/testing` for Node: everything in the portable build plus the real HTTP server. */
export * from "./index.js";
export type { SimulatorServer, SimulatorServerOptions } from "./server.js";
export { startSimulatorServer } from "./server.js";
