// `npm run dev`: the server (restarts on change) and the Vite dev server (hot reload, proxying the
// API and socket.io to the server) side by side. Ctrl+C stops both.
import { spawn } from "node:child_process";

// Each in its own process group, so stopping it stops npm's children (tsx, vite) too.
const start = (workspace) => spawn("npm", ["run", "dev", "-w", workspace], { stdio: "inherit", detached: true });
const children = [start("@locrit/server"), start("@locrit/web")];
console.log("Locrit dev: API on http://127.0.0.1:5000, web UI with hot reload on http://localhost:5173");

let stopping = false;
const stopAll = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  process.exitCode = code;
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stopAll(0));
// When either stops, the other goes too: half a dev setup only confuses.
for (const child of children) child.on("exit", (code) => stopAll(code ?? 1));
