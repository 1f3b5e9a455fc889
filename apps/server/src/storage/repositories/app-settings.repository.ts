import type { Database } from "../database.js";

/** Settings edited in the UI (migration 013), one text value per key; the environment's values are never stored here. */
export class AppSettingsRepository {
  constructor(private readonly db: Database) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string, now: string): Promise<void> {
    await this.db
      .insertInto("app_settings")
      .values({ key, value, updated_at: now })
      .onConflict((conflict) => conflict.column("key").doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}
