import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "../helpers/temp-dir.js";

const deploymentDoc = fileURLToPath(new URL("../../../../docs/DEPLOYMENT.md", import.meta.url));

/** NGINX_PATH when set, else Debian's nginx or the first `nginx` on PATH; undefined when there is none. */
export function findNginx(): string | undefined {
  const candidates = process.env.NGINX_PATH
    ? [process.env.NGINX_PATH]
    : ["/usr/sbin/nginx", ...(process.env.PATH ?? "").split(delimiter).map((folder) => join(folder, "nginx"))];
  return candidates.find((candidate) => existsSync(candidate));
}

/** The first ```nginx block under "### nginx in front" in docs/DEPLOYMENT.md, exactly as written. */
export function documentedNginxBlock(): string {
  const lines = readFileSync(deploymentDoc, "utf8").split("\n");
  const heading = lines.findIndex((line) => line.trim() === "### nginx in front");
  if (heading < 0)
    throw new Error(
      'docs/DEPLOYMENT.md has no "### nginx in front" section: update nginx.test.ts to where the nginx example went.',
    );
  const sectionEnd = lines.findIndex((line, index) => index > heading && /^#{1,3} /.test(line));
  const section = lines.slice(heading + 1, sectionEnd < 0 ? undefined : sectionEnd);
  const start = section.findIndex((line) => line.trim() === "```nginx");
  const end = section.findIndex((line, index) => index > start && line.trim() === "```");
  if (start < 0 || end < 0)
    throw new Error('The "### nginx in front" section of docs/DEPLOYMENT.md has no complete ```nginx block.');
  return section.slice(start + 1, end).join("\n");
}

/**
 * The documented block made runnable with the fewest changes: the upstream's servers become the test's
 * processes, `listen 443 ssl;` a local plain-HTTP port, and `ssl_*` directives go (no certificate here).
 * Throws, naming the line it looked for, when the doc no longer has what is replaced.
 */
export function runnableBlock(block: string, upstreams: string[], listen: string): string {
  const upstreamServer = /^(\s*)server\s+\S+;.*$/;
  let inUpstream = false;
  const upstreamLines: number[] = [];
  const lines = block.split("\n").map((line, index) => {
    if (/^\s*upstream\s+\S+\s*\{/.test(line)) inUpstream = true;
    else if (inUpstream && /^\s*\}/.test(line)) inUpstream = false;
    else if (inUpstream && upstreamServer.test(line)) upstreamLines.push(index);
    return line;
  });
  if (upstreamLines.length !== upstreams.length) {
    throw new Error(
      `The documented nginx config should list ${upstreams.length} upstream \`server host:port;\` lines (found ${upstreamLines.length}):\n${block}`,
    );
  }
  upstreamLines.forEach(
    (lineIndex, index) =>
      (lines[lineIndex] = lines[lineIndex]!.replace(upstreamServer, `$1server ${upstreams[index]};`)),
  );
  const listenLine = lines.findIndex((line) => /^\s*listen\s+443\s+ssl;/.test(line));
  if (listenLine < 0)
    throw new Error(`The documented nginx config has no \`listen 443 ssl;\` line to point at a test port:\n${block}`);
  lines[listenLine] = lines[listenLine]!.replace(/listen\s+443\s+ssl;.*/, `listen ${listen};`);
  return lines.filter((line) => !/^\s*ssl_/.test(line)).join("\n");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface NginxProxy {
  url: string;
  config: string;
  /** nginx's stderr and error log, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Our own nginx (never the system service or /etc/nginx): a temp prefix, config, logs and pid file. */
export async function startNginx(props: { binary: string; upstreams: string[] }): Promise<NginxProxy> {
  const port = await freePort();
  // Before any folder exists: a doc that no longer fits throws here and leaves nothing behind.
  const documented = runnableBlock(documentedNginxBlock(), props.upstreams, `127.0.0.1:${port}`);
  const prefix = makeTempDir("locrit-nginx-");
  for (const folder of ["logs", "temp"]) mkdirSync(join(prefix.path, folder));
  const temp = (name: string) => join(prefix.path, "temp", name);
  const config = [
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "worker_processes 1;",
    "events { worker_connections 256; }",
    "http {",
    `    access_log ${join(prefix.path, "logs/access.log")};`,
    `    client_body_temp_path ${temp("body")}; proxy_temp_path ${temp("proxy")}; fastcgi_temp_path ${temp("fastcgi")};`,
    `    uwsgi_temp_path ${temp("uwsgi")}; scgi_temp_path ${temp("scgi")};`,
    "    # --- the block of docs/DEPLOYMENT.md ---",
    documented,
    "}",
    "",
  ].join("\n");
  const configPath = join(prefix.path, "nginx.conf");
  const errorLog = join(prefix.path, "logs/error.log");
  writeFileSync(configPath, config);
  const child = spawn(
    props.binary,
    ["-p", prefix.path, "-c", configPath, "-e", errorLog, "-g", `daemon off; pid ${join(prefix.path, "nginx.pid")};`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stderr += data.toString("utf8")));
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const output = () =>
    `${stderr}${existsSync(errorLog) ? readFileSync(errorLog, "utf8") : ""}\n--- nginx.conf ---\n${config}`;
  const proxy: NginxProxy = {
    url: `http://127.0.0.1:${port}`,
    config,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      prefix.remove();
    },
  };
  // Ready once the proxied health check answers; an nginx that refused its config has exited by then.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${proxy.url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return proxy;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const failure = output();
  await proxy.stop();
  throw new Error(`nginx did not start proxying:\n${failure}`);
}
