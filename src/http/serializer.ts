/**
 * Response serialization from the routes' zod schemas, compiled once per route.
 *
 * fastify-type-provider-zod's serializer runs zod over every answer (a full copy of it) and then
 * JSON.stringify: for a deadline board of 50 clocks that was 13% of the server's CPU, and the
 * copies a good part of its garbage collection. Here each response schema is turned into JSON
 * Schema once (zod's own converter) and compiled by fast-json-stringify, Fastify's default
 * serializer, which writes exactly the properties the schema declares: a field a presenter
 * carries by mistake (an unmasked ID number, say) is left out, as zod's stripping left it out.
 *
 * fast-json-stringify picks a branch of `anyOf` by validating against each one at run time,
 * so the one form of it our schemas use, "this or null", is rewritten as a type list. A schema
 * that needs anything else it cannot do (other unions, references) keeps zod's serializer.
 */
import { isDeepStrictEqual } from 'node:util';
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
 * Schemas whose presenters build exactly the declared properties and nothing else, each value a
 * literal of a typed object (src/cases/load.ts presentDetail): JSON.stringify writes them. For a
 * case detail of 3 KB that is half fast-json-stringify's time (8 against 14 µs in-process) and
 * one string instead of the many it concatenates, whose garbage is the larger part of the cost
 * under load (tests/bench/README.md). Outside production every such answer is also written by
 * fast-json-stringify and the two compared, so a presenter that carries a field the schema does
 * not declare fails the tests instead of reaching a client.
 */
const exactlyPresented = new WeakSet<z.ZodType>();
export function presentedExactly<T extends z.ZodType>(schema: T): T {
  exactlyPresented.add(schema);
  return schema;
}

class UndeclaredField extends Error {}

/** The serializer for a zod response schema: fast-json-stringify when the schema allows it, else zod's. */
export function serializerCompiler(opts: { checkExact: boolean }): Compiler {
  return (route) => {
    const schema = route.schema as unknown;
    if (!(schema instanceof z.ZodType)) return zodSerializerCompiler(route);
    const exact = exactlyPresented.has(schema);
    // In production an exactly presented schema needs no compiled allowlist: nothing compares against it.
    if (exact && !opts.checkExact) return (value: unknown) => JSON.stringify(value);
    let allowed: (value: unknown) => string;
    try {
      allowed = fastJson(plainSchema(z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' })) as Parameters<typeof fastJson>[0]);
    } catch {
      // NotPlain, or a schema zod cannot express as JSON Schema: zod's serializer is exact for it.
      return zodSerializerCompiler(route);
    }
    if (!exact) return allowed;
    return (value: unknown) => {
      const text = JSON.stringify(value);
      if (!isDeepStrictEqual(JSON.parse(text), JSON.parse(allowed(value)))) {
        throw new UndeclaredField(`${route.method} ${route.url}: the answer carries what its schema does not declare`);
      }
      return text;
    };
  };
}
