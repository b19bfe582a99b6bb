/**
 * OpenAPI for the routes whose bodies are not JSON: an upload's multipart form and a download's
 * bytes. Their request and answer are streams the route handles itself, so no zod schema may
 * validate or serialise them; what the document says of them is given here, per route, through
 * @fastify/swagger's `swaggerTransform` route option, on top of the zod transform every other
 * route gets.
 */
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type JsonSchema = Record<string, unknown>;

const binary = { type: 'string', format: 'binary' };

/** Route `config` that documents a multipart body and/or a binary answer. */
export function documentedAs(doc: { multipartBody?: { properties: Record<string, JsonSchema>; required: string[] }; binaryAnswer?: { status: number; types: readonly string[]; description: string } }) {
  return {
    swaggerTransform(input: TransformInput) {
      const out = jsonSchemaTransform(input);
      const schema = { ...(out.schema as JsonSchema) };
      if (doc.multipartBody) {
        schema.consumes = ['multipart/form-data'];
        schema.body = { type: 'object', ...doc.multipartBody };
      }
      if (doc.binaryAnswer) {
        const { status, types, description } = doc.binaryAnswer;
        schema.response = {
          ...(schema.response as JsonSchema | undefined),
          [status]: { description, content: Object.fromEntries(types.map((t) => [t, { schema: binary }])) },
        };
      }
      return { ...out, schema };
    },
  };
}

/** A file part of a multipart form, for `multipartBody.properties`. */
export const filePart = (description: string) => ({ ...binary, description });
