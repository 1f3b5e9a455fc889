/** The image types an avatar may be, each with the file extension it is stored under. */
export const AVATAR_TYPES = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
} as const;
export type AvatarType = keyof typeof AVATAR_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/**
 * The image type read from the file's first bytes (its magic number), never from the Content-Type or a
 * name the client sends: an HTML page or a script labelled `image/png` is refused. Undefined: not an avatar.
 */
export function detectAvatarType(bytes: Uint8Array): AvatarType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return undefined;
}

/** The type of a stored avatar, from the extension it was stored under. */
export function avatarTypeOfFile(fileName: string): AvatarType | undefined {
  const extension = fileName.split(".").at(-1);
  return (Object.keys(AVATAR_TYPES) as AvatarType[]).find((type) => AVATAR_TYPES[type] === extension);
}
