// Deno: `deno run -A deno.mjs`; Deno.serve on a free port, announced on stdout.
import { createApp } from "./app.js";

/** The part of Deno's API used here (https://docs.deno.com/api/deno/~/Deno.serve). */
declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

const app = createApp();
Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(`listening ${port}`) },
  (request) => app.fetch(request),
);
