/**
 * `npm run bench:outage`: how long a query takes to fail while PostgreSQL is down, and to succeed
 * once it is back, with the app's connection settings (lib/db/client.ts: 5 s connect timeout,
 * backoff capped at 1 s) beside postgres.js's defaults (30 s, backoff growing to 20 s). The
 * database is a local port: closed during the outage, then a TCP proxy to DATABASE_URL's server
 * (without DATABASE_URL only the outage is measured). Also times a server that accepts connections
 * and never answers. Prints figures; asserts nothing.
 */
import net from "node:net";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Db, openDb } from "@/lib/db/client";

const FAILURES = 30;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f().catch(() => {});
  return performance.now() - t;
}

const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => (s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0).toFixed(0);
  return `median ${q(0.5)} ms, max ${q(1)} ms`;
};

async function run(name: string, open: (url: string) => Promise<{ db: Db; close: () => Promise<void> }>) {
  const port = await freePort();
  const base = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : undefined;
  const url = new URL(base ?? "postgres://postgres@127.0.0.1/postgres");
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const h = await open(url.toString());
  const down: number[] = [];
  for (let i = 0; i < FAILURES; i++) down.push(await timed(() => h.db.execute(sql`select 1`)));
  console.log(`${name}: ${FAILURES} queries while the port is closed: ${summary(down)}`);
  if (base) {
    const proxy = net.createServer((c) => {
      const s = net.connect(Number(base.port || 5432), base.hostname);
      c.pipe(s).pipe(c);
      c.on("error", () => s.destroy());
      s.on("error", () => c.destroy());
    });
    await new Promise<void>((r) => proxy.listen(port, "127.0.0.1", r));
    const up: number[] = [];
    for (let i = 0; i < 10; i++) up.push(await timed(() => h.db.execute(sql`select 1`)));
    console.log(`${name}: the first 10 queries once it is back: ${summary(up)}`);
    await h.close();
    await new Promise((r) => proxy.close(r));
  } else await h.close();
}

await run("app settings", (url) => openDb({ url }));
await run("postgres.js defaults", async (url) => {
  const client = postgres(url, { max: 10, onnotice: () => {} });
  return { db: drizzle({ client }) as unknown as Db, close: () => client.end({ timeout: 1 }) };
});

const sockets: net.Socket[] = [];
const silent = net.createServer((s) => sockets.push(s));
await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
const h = await openDb({
  url: `postgres://postgres@127.0.0.1:${(silent.address() as net.AddressInfo).port}/x`,
});
const ms = await timed(() => h.db.execute(sql`select 1`));
console.log(`app settings: a query to a server that never answers fails after ${(ms / 1000).toFixed(1)} s`);
await h.close();
for (const s of sockets) s.destroy();
silent.close();
