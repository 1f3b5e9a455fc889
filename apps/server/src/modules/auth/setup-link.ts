import type { FastifyInstance } from "fastify";

/**
 * First run (SPEC §8.1): while no owner password exists, every start prints a one-time link whose token
 * sets it (`POST /api/auth/setup`). Printed on stdout, not only logged, so it shows whatever LOG_LEVEL says.
 * Returns the link, or undefined when a password is set.
 */
export async function announceSetupLink(
  app: FastifyInstance,
  { listeningAt, loopbackHost }: { listeningAt: string; loopbackHost: boolean },
  print: (line: string) => void = (line) => console.log(line),
): Promise<string | undefined> {
  if (await app.ownerAuth.passwordIsSet()) return undefined;
  const token = await app.ownerAuth.createSetupToken();
  const link = `${listeningAt.replace(/\/$/, "")}/setup?token=${token}`;
  const situation = loopbackHost
    ? "Single-user mode: no login, for this machine only. To turn login on, set an owner password"
    : "No owner password is set: every API request is refused (401) until it is. Set it";
  print(
    [
      "",
      `${situation} with this one-time link (under the name you reach this server by), or run \`npm run locrit -- set-password\`:`,
      `  ${link}`,
      "",
    ].join("\n"),
  );
  app.log.info("owner setup link printed (no owner password yet)");
  return link;
}
