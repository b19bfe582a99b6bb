-- Search (SPEC §12, src/cases/search.ts). Hand-written: the functions, the filling of the new
-- tables from the cases already recorded, and the order (the foreign keys and indexes after the
-- rows, which builds them in one pass). The functions are IMMUTABLE: an index is built on
-- search_grams, and every write of a case's keys goes through search_case_keys.

-- Latin capitals to small letters and nothing else, so that the application folds a search
-- string exactly as the database folds names (search.ts foldCase), whatever the collation.
CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;--> statement-breakpoint

-- Every character and every pair of neighbouring characters of each name, folded as search_fold
-- folds (written out: PostgreSQL 17 runs an index's functions during ANALYZE and VACUUM with only
-- pg_catalog on the search path): a name contains a text of one character only if it has that
-- character, and of two or more only if it has each of the text's pairs (search.ts nameGrams).
-- Pairs do not cross from one name to the next.
CREATE FUNCTION search_grams(names text[]) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  name text;
  chars text[];
  grams text[] := '{}';
BEGIN
  FOREACH name IN ARRAY names LOOP
    chars := string_to_array(translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), NULL);
    grams := grams || chars;
    FOR i IN 1 .. coalesce(cardinality(chars), 0) - 1 LOOP
      grams := grams || (chars[i] || chars[i + 1]);
    END LOOP;
  END LOOP;
  RETURN grams;
END $$;--> statement-breakpoint

-- The keys a case is found by besides its names: each handling organisation (o:), each beginning
-- of 2 to 6 digits of their region codes (r:), each beginning of two or more characters of the
-- intake code in the case number and the intake code with the year (n:). search.ts reads them.
CREATE FUNCTION search_case_keys(number text, org_ids uuid[], regions text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array(SELECT DISTINCT k FROM (
      SELECT 'o:' || o FROM unnest(org_ids) o
      UNION ALL SELECT 'r:' || left(r, n) FROM unnest(regions) r, generate_series(2, length(r)) n
      UNION ALL SELECT 'n:' || left(split_part(number, '-', 1), n) FROM generate_series(2, length(split_part(number, '-', 1))) n
      UNION ALL SELECT 'n:' || split_part(number, '-', 1) || '-' || split_part(number, '-', 2)
    ) x(k) ORDER BY k)
$$;--> statement-breakpoint
CREATE TABLE "case_search" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"names" text[] NOT NULL,
	"keys" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_search_keys" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"hashes" "bytea"[]
);
--> statement-breakpoint
-- The cases already recorded, in id order (a search reads the newest first). Their phones and ID
-- numbers are hashed at start-up, with the key (src/cases/searchWrites.ts backfillSearchHashes).
INSERT INTO "case_search" ("case_id", "names", "keys")
SELECT c.id,
       array[c.respondent_name] || coalesce((SELECT array_agg(a.name ORDER BY a.position) FROM applicants a WHERE a.case_id = c.id), '{}'),
       (SELECT search_case_keys(c.number, array_agg(co.org_id), array_agg(co.region_code)) FROM case_orgs co WHERE co.case_id = c.id)
FROM cases c ORDER BY c.id;--> statement-breakpoint
INSERT INTO "case_search_keys" ("case_id") SELECT id FROM cases ORDER BY id;--> statement-breakpoint
ALTER TABLE "case_search" ADD CONSTRAINT "case_search_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_search_keys" ADD CONSTRAINT "case_search_keys_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_search_gin" ON "case_search" USING gin ("names",search_grams("names"),"keys");--> statement-breakpoint
CREATE INDEX "case_search_keys_gin" ON "case_search_keys" USING gin ("hashes");--> statement-breakpoint
CREATE INDEX "case_search_keys_pending_idx" ON "case_search_keys" USING btree ("case_id") WHERE "case_search_keys"."hashes" is null;--> statement-breakpoint
CREATE INDEX "cases_number_prefix_idx" ON "cases" USING btree ("number" collate "C");
