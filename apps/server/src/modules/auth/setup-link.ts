import type { FastifyInstance } from "fastify";

/**
 * First run (SPEC §8.1): while no owner password exists, every start prints a one-time link whose token
 * sets it (`POST /api/auth/setup`). Printed on stdout, not only logged, so it shows whatever LOG_LEVEL says.
 * Returns the link, or undefined when a password is set.
 */
export async function announceSetupLink(
  app: FastifyInstance,
  listeningAt: string,
  print: (line: string) => void = (line) => console.log(line),
): Promise<string | undefined> {
  if (await app.ownerAuth.passwordIsSet()) return undefined;
  const token = await app.ownerAuth.createSetupToken();
  const link = `${listeningAt.replace(/\/$/, "")}/setup?token=${token}`;
  print(
    [
      "",
      "No owner password is set. Open this one-time link to set it (or run `npm run locrit -- set-password`):",
      `  ${link}`,
      "Until then this server answers only on a loopback HOST, to this machine, with no login.",
      "",
    ].join("\n"),
  );
  app.log.info("owner setup link printed (no owner password yet)");
  return link;
}
