// A seeded population of recipients with the attributes segments read, some missing on purpose.
import { SeededRandom } from "../../src/util/random.js";

export const NOW = Date.UTC(2026, 5, 15, 12); // 2026-06-15T12:00Z
const DAY = 86_400_000;

export interface Person {
  id: string;
  attributes: Record<string, unknown>;
}

const maybe = <T>(random: SeededRandom, value: T, missing = 0.1): T | undefined =>
  random.next() < missing ? undefined : value;

/** `count` recipients; `id(i)` makes the platform id. */
export function population(count: number, seed: number, id: (i: number) => string): Person[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const attributes: Record<string, unknown> = {
      age: maybe(random, 13 + random.int(60)),
      gender: maybe(random, random.pick(["male", "female", "Female"])),
      country: maybe(random, random.pick(["JP", "tw", "DE", "US", "BR"]), 0.2),
      language: maybe(random, random.pick(["ja", "ja-JP", "en-US", "en", "de", "pt_BR", "jav"])),
      timezone: maybe(random, random.pick(["Asia/Tokyo", "Europe/Berlin", "America/Sao_Paulo"])),
      tags: maybe(
        random,
        ["vip", "beta", "churned", "new"].filter(() => random.next() < 0.3),
      ),
      subscribedAt: maybe(random, new Date(NOW - random.int(400) * DAY).toISOString()),
      plan: maybe(random, random.pick(["free", "pro", "team"])),
      spent: maybe(random, random.int(1000)),
      firstName: maybe(random, random.pick(["Ada", "Bob", "Chloé", "Dai"]), 0.3),
    };
    for (const key of Object.keys(attributes)) {
      if (attributes[key] === undefined) delete attributes[key];
    }
    return { id: id(i), attributes };
  });
}
