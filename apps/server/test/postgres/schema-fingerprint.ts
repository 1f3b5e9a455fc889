import pg from "pg";

/** Tables, columns and indexes of a database: a database whose schema a test changed is not handed out again. */
export async function schemaFingerprint(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(`
    select coalesce(string_agg(item, ',' order by item), '') as fingerprint from (
      select table_name || '.' || column_name || ':' || data_type as item from information_schema.columns where table_schema = 'public'
      union all select 'index ' || indexname from pg_indexes where schemaname = 'public'
    ) items`);
  return rows[0]?.fingerprint ?? "";
}

/** The fingerprint of a freshly migrated store, the reference reused databases must match. */
export async function migratedSchemaFingerprint(adminUrl: string): Promise<string> {
  const { openStorage } = await import("../../src/storage/database.js");
  const name = `locrit_reference_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const storage = await openStorage({ databaseUrl: url.toString(), dataDir: "." });
    await storage.close();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await schemaFingerprint(client);
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
