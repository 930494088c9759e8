/**
 * Request shapes of the LinkedIn REST calls Herald makes, written by hand from LinkedIn's
 * reference documentation: LinkedIn publishes no machine-readable description
 * (../shared/specs/README.md). Rest.li refuses fields it does not know, so these are strict.
 * Sources: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api,
 * .../shares/images-api, .../shares/multiimage-post-api, .../shares/comments-api.
 */
import type { SpecBundle } from "../../../generated/spec-bundle.js";

const author = { type: "string", pattern: "^urn:li:(person|organization):[A-Za-z0-9_-]+$" };
const imageUrn = { type: "string", pattern: "^urn:li:image:[A-Za-z0-9_-]+$" };
const image = {
  type: "object",
  required: ["id"],
  properties: { id: imageUrn, altText: { type: "string" } },
  additionalProperties: false,
};

/** The documented post, image upload and comment bodies, as a draft-07 bundle. */
export const linkedinShapes: SpecBundle = {
  source: "hand-written from the LinkedIn REST reference (no machine-readable spec is published)",
  operations: {
    createPost: { def: "createPost", contentType: "application/json", jsonFields: [] },
    initializeImageUpload: {
      def: "initializeImageUpload",
      contentType: "application/json",
      jsonFields: [],
    },
    createComment: { def: "createComment", contentType: "application/json", jsonFields: [] },
  },
  schema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    definitions: {
      createPost: {
        type: "object",
        required: ["author", "commentary", "visibility", "distribution", "lifecycleState"],
        properties: {
          author,
          commentary: { type: "string" },
          visibility: { enum: ["PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"] },
          distribution: {
            type: "object",
            required: ["feedDistribution"],
            properties: {
              feedDistribution: { enum: ["MAIN_FEED", "NONE"] },
              targetEntities: { type: "array" },
              thirdPartyDistributionChannels: { type: "array" },
            },
            additionalProperties: false,
          },
          lifecycleState: { enum: ["PUBLISHED", "DRAFT"] },
          isReshareDisabledByAuthor: { type: "boolean" },
          content: {
            type: "object",
            minProperties: 1,
            maxProperties: 1,
            properties: {
              media: image,
              // 2 to 20 images (MultiImage API)
              multiImage: {
                type: "object",
                required: ["images"],
                properties: { images: { type: "array", minItems: 2, maxItems: 20, items: image } },
                additionalProperties: false,
              },
              article: {
                type: "object",
                required: ["source", "title"],
                properties: {
                  source: { type: "string", pattern: "^https?://" },
                  title: { type: "string", minLength: 1 },
                  description: { type: "string" },
                  thumbnail: imageUrn,
                  thumbnailAltText: { type: "string" },
                },
                additionalProperties: false,
              },
            },
            additionalProperties: false,
          },
          container: { type: "string" },
          contentLandingPage: { type: "string" },
          reshareContext: { type: "object" },
        },
        additionalProperties: false,
      },
      initializeImageUpload: {
        type: "object",
        required: ["initializeUploadRequest"],
        properties: {
          initializeUploadRequest: {
            type: "object",
            required: ["owner"],
            properties: { owner: author, mediaLibraryMetadata: { type: "object" } },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      createComment: {
        type: "object",
        required: ["actor", "object", "message"],
        properties: {
          actor: author,
          object: { type: "string", pattern: "^urn:li:" },
          parentComment: { type: "string", pattern: "^urn:li:comment:" },
          message: {
            type: "object",
            required: ["text"],
            properties: { text: { type: "string" }, attributes: { type: "array" } },
            additionalProperties: false,
          },
          content: { type: "array" },
        },
        additionalProperties: false,
      },
    },
  },
};
