/**
 * Request shapes of the Facebook Pages Graph API calls Herald makes, written by hand from Meta's
 * reference documentation: Meta publishes no machine-readable description of the Pages API
 * (../shared/specs/README.md). Graph takes many more parameters than these; unknown top-level
 * parameters pass, known ones are type-checked, targeting specs are checked strictly. Graph reads
 * form parameters (JSON-encoded objects inside), so form is the default encoding.
 * Sources: https://developers.facebook.com/docs/graph-api/reference/page/feed,
 * .../reference/page/photos, .../reference/page/videos, .../reference/object/comments,
 * https://developers.facebook.com/docs/marketing-api/audiences/reference/basic-targeting.
 */
import type { SpecBundle } from "../../../generated/spec-bundle.js";

const countries = { type: "array", minItems: 1, items: { type: "string", pattern: "^[A-Z]{2}$" } };
const keyed = { type: "array", items: { type: "object", required: ["key"] } };
const geo = {
  type: "object",
  properties: { countries, regions: keyed, cities: keyed, zips: keyed },
  additionalProperties: false,
};
// ages 13–65 (basic targeting: age_min "must be 13 or higher", age_max "must be 65 or lower")
const age = { type: "integer", minimum: 13, maximum: 65 };
const integers = { type: "array", minItems: 1, items: { type: "integer" } };
const unixTime = { type: "integer", minimum: 0 };
const httpUrl = { type: "string", pattern: "^https?://" };

/** The documented Page post and comment parameters, as a draft-07 bundle. */
export const facebookShapes: SpecBundle = {
  source: "hand-written from the Graph API reference (no machine-readable spec is published)",
  operations: {
    createFeedPost: {
      def: "createFeedPost",
      contentType: "multipart/form-data",
      jsonFields: ["attached_media", "targeting", "feed_targeting"],
    },
    createPhoto: { def: "createPhoto", contentType: "multipart/form-data", jsonFields: [] },
    createVideo: { def: "createVideo", contentType: "multipart/form-data", jsonFields: [] },
    createComment: { def: "createComment", contentType: "multipart/form-data", jsonFields: [] },
  },
  schema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    definitions: {
      AudienceTargeting: {
        type: "object",
        properties: {
          geo_locations: geo,
          locales: integers,
          age_min: age,
          excluded_countries: countries,
        },
        additionalProperties: false,
      },
      FeedTargeting: {
        type: "object",
        properties: {
          geo_locations: geo,
          locales: integers,
          age_min: age,
          age_max: age,
          genders: { type: "array", minItems: 1, items: { enum: [1, 2] } },
          interests: integers,
          relationship_statuses: integers,
          education_statuses: integers,
          college_years: integers,
          interested_in: integers,
        },
        additionalProperties: false,
      },
      createFeedPost: {
        type: "object",
        properties: {
          message: { type: "string" },
          link: httpUrl,
          published: { type: "boolean" },
          scheduled_publish_time: unixTime,
          attached_media: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["media_fbid"],
              properties: { media_fbid: { type: "string", minLength: 1 } },
              additionalProperties: false,
            },
          },
          targeting: { $ref: "#/definitions/AudienceTargeting" },
          feed_targeting: { $ref: "#/definitions/FeedTargeting" },
        },
        anyOf: [
          { required: ["message"] },
          { required: ["link"] },
          { required: ["attached_media"] },
        ],
      },
      createPhoto: {
        type: "object",
        properties: {
          url: httpUrl,
          source: { type: "object" },
          caption: { type: "string" },
          published: { type: "boolean" },
          temporary: { type: "boolean" },
          scheduled_publish_time: unixTime,
          alt_text_custom: { type: "string" },
        },
        anyOf: [{ required: ["url"] }, { required: ["source"] }],
      },
      createVideo: {
        type: "object",
        properties: {
          file_url: httpUrl,
          source: { type: "object" },
          description: { type: "string" },
          title: { type: "string" },
          published: { type: "boolean" },
          scheduled_publish_time: unixTime,
        },
        anyOf: [{ required: ["file_url"] }, { required: ["source"] }],
      },
      createComment: {
        type: "object",
        properties: {
          message: { type: "string" },
          attachment_url: httpUrl,
          attachment_id: { type: "string" },
          source: { type: "object" },
        },
        anyOf: [
          { required: ["message"] },
          { required: ["attachment_url"] },
          { required: ["attachment_id"] },
          { required: ["source"] },
        ],
      },
    },
  },
};
