/** The Graph usage headers as the Facebook adapter reads them: the Meta family's reader. */
export { type GraphUsage, readGraphUsage } from "../../families/meta/usage.js";
