import { useEffect, useState } from "react";

interface Health {
  status: string;
  model_server: { ok: boolean; url: string };
}

/** Placeholder page until the web UI lands: shows the server's health. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    fetch("/health")
      .then((response) => response.json() as Promise<Health>)
      .then(setHealth)
      .catch(() => setHealth(null));
  }, []);
  return (
    <main style={{ fontFamily: "system-ui", padding: "2rem" }}>
      <h1>Locrit</h1>
      <p>Server status: {health ? health.status : "unknown"}</p>
      {health && !health.model_server.ok && <p>The model server is not reachable at {health.model_server.url}.</p>}
    </main>
  );
}
