import { GRAPH_API_URL, GRAPH_API_VERSION } from "../../families/meta/graph.js";
import type { LimitRule } from "../contract.js";

/** The Graph API host (the Meta family's `GRAPH_API_URL`). */
export const FACEBOOK_GRAPH_URL = GRAPH_API_URL;

/** The Graph API version the adapter speaks unless told otherwise (the Meta family's `GRAPH_API_VERSION`). */
export const FACEBOOK_GRAPH_VERSION = GRAPH_API_VERSION;

const RATE_LIMITING_DOC = "https://developers.facebook.com/docs/graph-api/overview/rate-limiting/";

/** One day in ms. */
const DAY_MS = 86_400_000;

/**
 * Default limits per Page. Pages calls count against the Business Use Case limit "4800 × the
 * number of engaged users per 24 hours" (Graph API rate limiting, Pages); a Page's engaged users
 * are not known in advance, so the default assumes one (the floor). Raise it with `limits` for a
 * busy Page. The adapter also pauses at once when `X-App-Usage` or `X-Business-Use-Case-Usage`
 * reach 100 %, until `estimated_time_to_regain_access`.
 */
export const FACEBOOK_LIMITS: readonly LimitRule[] = [
  // Pages BUC: 4800 × engaged users / 24 h, one engaged user assumed (RATE_LIMITING_DOC, "Pages")
  { scope: "account", max: 4800, perMs: DAY_MS, source: `${RATE_LIMITING_DOC}#pages` },
];

/**
 * Longest post message. 63,206 characters is the figure commonly given for Page posts; Meta's
 * reference does not state it (PLATFORMS.md: unconfirmed), so it is an option.
 */
export const DEFAULT_MAX_CHARACTERS = 63_206;

/**
 * A scheduled post must be "between 10 minutes and 30 days from the time of the API request"
 * (https://developers.facebook.com/docs/pages-api/posts, Publish posts; PLATFORMS.md).
 */
export const MIN_SCHEDULE_AHEAD_MS = 10 * 60_000;
/** See {@link MIN_SCHEDULE_AHEAD_MS}. */
export const MAX_SCHEDULE_AHEAD_MS = 30 * DAY_MS;

/**
 * Ages feed targeting takes: 13 to 65, as the Marketing API's targeting spec (`age_min` "must be
 * 13 or higher", `age_max` "must be 65 or lower", https://developers.facebook.com/docs/marketing-api/audiences/reference/basic-targeting).
 */
export const MIN_TARGET_AGE = 13;
/** See {@link MIN_TARGET_AGE}. */
export const MAX_TARGET_AGE = 65;
