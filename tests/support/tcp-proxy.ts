import net from "node:net";

export type TcpProxy = {
  /** `target` with its host and port replaced by the proxy's. */
  url: string;
  /** Connections open through the proxy now. */
  open: () => number;
  /** Close every connection and refuse new ones (the port stops listening: ECONNREFUSED). */
  cut: () => Promise<void>;
  /** Listen again on the same port and forward as before. */
  restore: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A TCP proxy on 127.0.0.1 in front of the PostgreSQL server a URL names (node:net, byte for byte),
 * for tests that take the database away from some clients: what a PostgreSQL restart or a network
 * cut looks like to them, while the test itself keeps its own direct connection.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const t = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(
      Number(t.port || 5432),
      t.hostname === "localhost" ? "127.0.0.1" : t.hostname,
    );
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    url: url.toString(),
    open: () => sockets.size / 2,
    cut: stop,
    restore: () => listen(port),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

/**
 * Take the database away through `proxy` for `ms` milliseconds: cut every connection, refuse new
 * ones, run `during` (say, requests that must cope with the outage) meanwhile, then restore.
 * Returns what `during` returned.
 */
export async function withOutage<T>(
  proxy: TcpProxy,
  ms: number,
  during: () => Promise<T> = async () => undefined as T,
): Promise<T> {
  await proxy.cut();
  try {
    const [out] = await Promise.all([during(), new Promise((r) => setTimeout(r, ms))]);
    return out;
  } finally {
    await proxy.restore();
  }
}
