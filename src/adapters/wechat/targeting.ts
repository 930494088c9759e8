import type { Segment } from "../../message/segment.js";
import type { NativeTargeting } from "../contract.js";

/** How `mass/sendall` reaches a segment: everyone, or one tag. */
export type WechatFilter = { is_to_all: true } | { is_to_all: false; tag_id: number };

/** A tag given as digits is a `tag_id` itself. */
const TAG_ID = /^\d{1,10}$/;

function tagIdOf(tag: string, tags: Readonly<Record<string, number>>): number | undefined {
  if (Object.hasOwn(tags, tag)) return tags[tag];
  return TAG_ID.test(tag) ? Number(tag) : undefined;
}

/**
 * Whether WeChat's own mass send reaches `segment`: `mass/sendall` filters by one tag
 * (`filter.tag_id`, https://developers.weixin.qq.com/doc/service/api/notify/message/api_sendall),
 * so a segment of exactly one known tag is native; an empty segment is every follower; any
 * other condition is named as the one WeChat cannot express.
 */
export function wechatTargeting(
  segment: Segment,
  tags: Readonly<Record<string, number>>,
): NativeTargeting & { filter?: WechatFilter } {
  const other = Object.entries(segment).find(
    ([key, value]) => key !== "tags" && value !== undefined,
  );
  if (other !== undefined) {
    return {
      native: false,
      condition: `segment.${other[0]}`,
      rule: "WeChat's mass send filters by one tag only (filter.tag_id)",
    };
  }
  const list = segment.tags ?? [];
  if (list.length === 0)
    return { native: true, via: "mass/sendall to every follower", filter: { is_to_all: true } };
  if (list.length > 1) {
    return {
      native: false,
      condition: "segment.tags",
      rule: "WeChat's filter takes one tag_id",
      hint: "send one target per tag (a follower with both tags then gets it twice), or give recipients with their tags",
    };
  }
  const tag = list[0] as string;
  const tagId = tagIdOf(tag, tags);
  if (tagId === undefined) {
    return {
      native: false,
      condition: "segment.tags[0]",
      rule: `unknown WeChat tag "${tag}"`,
      hint: "map it in wechat({ tags: { vip: 101 } }) or give the tag_id as digits",
    };
  }
  return {
    native: true,
    via: `mass/sendall filter.tag_id ${tagId}`,
    filter: { is_to_all: false, tag_id: tagId },
  };
}
