import type { PublicLocrit, PublicMessage, PublicPageResponse } from "@locrit/protocol";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import { publicAvatarUrl } from "../avatars/avatar-url.js";

/** Theme names the page knows; anything else that is not `#rrggbb` shows as `default`. */
const THEMES = new Set(["default", "blue", "green", "rose", "amber", "violet"]);
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

const themeOf = (theme: string): string => {
  const trimmed = theme.trim().toLowerCase();
  return THEMES.has(trimmed) || HEX_COLOUR.test(trimmed) ? trimmed : "default";
};

/**
 * The avatar a visitor may load: the uploaded image through the public route (it checks the door
 * again), else an address the owner typed into `public_page.avatar` when it is a web address.
 */
function avatarUrlOf(locrit: LocritRow): string | null {
  const uploaded = publicAvatarUrl(locrit);
  if (uploaded !== null) return uploaded;
  const typed = locrit.public_page.avatar.trim();
  return /^https?:\/\//i.test(typed) ? typed : null;
}

/** A Locrit in the `/public` directory: only what its `public_page` offers. */
export function presentPublicLocrit(locrit: LocritRow): PublicLocrit {
  const page = locrit.public_page;
  return {
    name: locrit.name,
    title: page.title.trim() || locrit.name,
    description: page.description,
    avatar_url: avatarUrlOf(locrit),
    theme: themeOf(page.theme),
  };
}

export function presentPublicPage(locrit: LocritRow): PublicPageResponse["page"] {
  return { ...presentPublicLocrit(locrit), welcome_message: locrit.public_page.welcome_message, active: locrit.active };
}

/** A line of the visitor's own conversation, without the owner's metadata (model, recall, sender). */
export const presentPublicMessage = (row: MessageRow): PublicMessage => ({
  id: row.id,
  role: row.role === "assistant" ? "assistant" : "user",
  content: row.content,
  timestamp: row.created_at,
  status: row.status as PublicMessage["status"],
});
