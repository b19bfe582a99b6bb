/**
 * Response serialization from the routes' zod schemas, compiled once per route: every answer of
 * every route is written through its schema, as an allowlist, in every environment.
 *
 * fastify-type-provider-zod's serializer runs zod over every answer (a full copy of it) and then
 * JSON.stringify, which on the large answers (a case detail, a deadline board) costs more than
 * writing them and makes garbage. So each response schema is turned into JSON Schema once (zod's
 * own converter) and compiled by fast-json-stringify, Fastify's default serializer, which writes
 * exactly the properties the schema declares: a field a presenter carries by mistake (an
 * unmasked ID number, say) is left out, as zod's stripping leaves it out.
 *
 * fast-json-stringify picks a branch of `anyOf` by validating against each one at run time,
 * so the one form of it our schemas use, "this or null", is rewritten as a type list. A schema
 * that needs anything else it cannot do (other unions, references) keeps zod's serializer.
 */
import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';

type Json = Record<string, unknown>;
type Compiler = typeof zodSerializerCompiler;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Thrown (and caught below) when a schema needs something fast-json-stringify cannot do exactly. */
class NotPlain extends Error {}

/** The JSON Schema with "X or null" as a type list; NotPlain for anything fast-json-stringify would guess at. */
export function plainSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(plainSchema);
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (key === 'oneOf' || key === 'allOf' || key === 'not' || key === '$ref' || key === 'if') throw new NotPlain(key);
    if (key === 'anyOf') {
      const branches = value as Json[];
      const other = branches.filter((b) => !(isObject(b) && b.type === 'null' && Object.keys(b).length === 1));
      if (branches.length !== 2 || other.length !== 1 || typeof other[0].type !== 'string') throw new NotPlain('anyOf');
      Object.assign(out, plainSchema({ ...other[0], type: [other[0].type, 'null'] }));
      continue;
    }
    out[key] = key === 'properties' && isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainSchema(v)])) : plainSchema(value);
  }
  return out;
}

/**
 * The serializer for a zod response schema, in every environment: fast-json-stringify when the
 * schema allows it, else zod's. Either writes only what the schema declares.
 */
export const serializerCompiler: Compiler = (route) => {
  const schema = route.schema as unknown;
  if (!(schema instanceof z.ZodType)) return zodSerializerCompiler(route);
  try {
    return fastJson(plainSchema(z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' })) as Parameters<typeof fastJson>[0]);
  } catch {
    // NotPlain, or a schema zod cannot express as JSON Schema: zod's serializer is exact for it.
    return zodSerializerCompiler(route);
  }
};
