/** Public exports of listening (docs/listening.md). */
export {
  type AdapterListening,
  type HeardAuthor,
  type HeardItem,
  type HeardKind,
  type ListenQuery,
  type ListenReading,
  type ListenSource,
  matchedKeywords,
} from "../contract/listening.js";
export type { Listener } from "./listener.js";
export type {
  ListenErrorEvent,
  ListenedItem,
  ListenerEvents,
  ListenOptions,
  ListenPlace,
  ListenPollEvent,
  ListenRateLimitedEvent,
} from "./types.js";
