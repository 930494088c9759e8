/**
 * A conformance check for adapters, Herald's own and custom ones: `checkAdapter(adapter)` runs
 * the contract's rules that hold for every platform and lists what breaks them.
 *
 * @packageDocumentation
 */
import type { PlatformAdapter } from "../../contract/adapter.js";
import { facetsOf } from "../../contract/facets.js";
import { checkIdentity, checkLimits, checkSecrets } from "./identity.js";
import {
  checkRefusal,
  checkRender,
  SAMPLE_MESSAGE,
  sampleDestination,
  TOO_LONG_MESSAGE,
} from "./render.js";
import { checkResponses } from "./responses.js";
import type { AdapterCheck, AdapterCheckOptions, AdapterProblem, Report } from "./types.js";

export type { AdapterCheck, AdapterCheckOptions, AdapterProblem } from "./types.js";

/**
 * Checks an adapter against the rules of the contract that hold for every platform, without a
 * network (pure calls of `render` and `readResponse`):
 * - `identity`: a platform and account usable in targets, an absolute http(s) base URL;
 * - `limits`: every rule a positive window with its `source`;
 * - `secrets`: what `authHeaders()` sends is listed in `secrets`, so that it is redacted;
 * - `render`: the sample message renders alike twice from a frozen copy (pure, no mutation)
 *   into well-formed operations (method, path, route, unique steps, a key where one is promised);
 * - `refusal`: a too-long message is refused with a `ValidationError`, before any request;
 * - `responses`: `readResponse` never throws on error statuses with empty, HTML, 1 MB, oddly
 *   typed bodies, and reads each as a failure of a known kind with a message of at most 1,000
 *   characters; 429 a rate limit, 401 auth, 5xx retryable.
 *
 * Platform rules (lengths, ids, media) stay the adapter's own tests; this is the floor.
 *
 * @example expect(checkAdapter(ntfy({ token })).problems).toEqual([]);
 */
export function checkAdapter(
  adapter: PlatformAdapter,
  options: AdapterCheckOptions = {},
): AdapterCheck {
  const problems: AdapterProblem[] = [];
  const checks: string[] = [];
  const run = (check: string, body: (report: Report) => void): void => {
    checks.push(check);
    body((problem) => problems.push({ check, problem }));
  };
  const now = options.now ?? Date.now();
  const destination = options.destination ?? sampleDestination(adapter);
  run("identity", (report) => checkIdentity(adapter, report));
  run("limits", (report) => checkLimits(adapter, report));
  run("secrets", (report) => checkSecrets(adapter, report));
  run("render", (report) => {
    if (destination === undefined) {
      return report("no destination to render to: pass options.destination");
    }
    const rendering = checkRender(
      adapter,
      options.message ?? SAMPLE_MESSAGE,
      destination,
      now,
      report,
    );
    const tooLong = options.tooLong ?? TOO_LONG_MESSAGE;
    if (tooLong !== false)
      run("refusal", (inner) => checkRefusal(adapter, tooLong, destination, now, inner));
    const first = rendering?.operations[0];
    if (first) run("responses", (inner) => checkResponses(adapter, first, inner));
  });
  return { ok: problems.length === 0, checks, problems, facets: facetsOf(adapter) };
}
