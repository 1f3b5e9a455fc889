import { locritClosed } from "../../errors/errors.js";
import type { Database } from "../../storage/database.js";
import { createRepositories } from "../../storage/repositories/index.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { Page } from "../../storage/repositories/cursor.js";
import type { LocritService } from "../locrits/locrits.service.js";

/** What visitors may read (SPEC §8.4): the Locrits open to the internet, their pages, their own conversation. */
export class PublicPageService {
  constructor(private readonly dependencies: { db: Database; locrits: LocritService }) {}

  /** Active Locrits open to the internet, by name. */
  async directory(): Promise<LocritRow[]> {
    const rows = await this.dependencies.locrits.listLocrits();
    return rows.filter((row) => row.active && row.open_to.internet).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The Locrit behind a public page: 404 `locrit_not_found`, 403 `locrit_closed` unless open to the internet. */
  async openLocrit(name: string): Promise<LocritRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    if (!locrit.open_to.internet) throw locritClosed(locrit.name, "visitors");
    return locrit;
  }

  /** One page of the visitor's own session, oldest first: what was said, not the alternatives replaced since. */
  async history(props: {
    name: string;
    sessionId: string | undefined;
    limit: number;
    cursor?: string;
  }): Promise<Page<MessageRow>> {
    const locrit = await this.openLocrit(props.name);
    if (props.sessionId === undefined) return { items: [], nextCursor: null };
    const page = await createRepositories(this.dependencies.db).messages.listBySession(locrit.id, props.sessionId, {
      limit: props.limit,
      cursor: props.cursor,
    });
    const said = page.items.filter((row) => (row.role === "user" || row.role === "assistant") && row.active !== false);
    return { items: said, nextCursor: page.nextCursor };
  }
}
