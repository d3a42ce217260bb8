import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import h5wasm from "h5wasm/node";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { blackBoxes } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { truthCommitment, writePublicFile, writeTruthFile } from "@/core/formats";
import { blobStore } from "@/lib/storage";
import { type CallResult, session } from "./api";
import { mulberry32 } from "@/core/rng/mulberry32";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Call a route handler with a raw body: bytes or text (sent with `contentType`, default
 * application/octet-stream), or a FormData (multipart; the boundary header is set by Request).
 * `as`: an Actor (session), a string (Bearer token) or null (anonymous). `query` lands in the URL,
 * `headers` in the request; the answer's headers come back in `headers`.
 */
export async function send(
  handler: unknown,
  opts: {
    method?: string;
    params?: Record<string, string>;
    as: Actor | string | null;
    body?: Uint8Array | string | FormData;
    contentType?: string;
    query?: Record<string, string>;
    path?: string;
    headers?: Record<string, string>;
  },
): Promise<CallResult & { headers: Headers }> {
  session.current = opts.as !== null && typeof opts.as === "object" ? opts.as : null;
  const headers = new Headers(opts.headers);
  if (typeof opts.as === "string") headers.set("authorization", `Bearer ${opts.as}`);
  // A signed-in browser on the app's own pages sends its origin (lib/api/same-origin.ts checks it).
  else headers.set("origin", "http://arena.test");
  if (opts.body !== undefined && !(opts.body instanceof FormData))
    headers.set("content-type", opts.contentType ?? "application/octet-stream");
  const url = new URL(`http://arena.test${opts.path ?? "/api/v1/x"}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const req = new Request(url, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers,
    body: opts.body as BodyInit | undefined,
  });
  const res = await (handler as Handler)(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  if (text && (res.headers.get("content-type") ?? "").includes("json"))
    body = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, body, text, headers: res.headers };
}

/** A multipart form: strings as fields, `{ bytes, name }` as file parts. */
export function form(fields: Record<string, string | { bytes: Uint8Array; name: string }>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "string") f.set(k, v);
    else f.set(k, new File([v.bytes as BlobPart], v.name));
  }
  return f;
}

/** The error envelope of an API response: `{ code, message, details }`. */
export function errorOf(r: CallResult): {
  code: string;
  message: string;
  details: { reason?: string; fields?: { field: string; message: string }[] } & Record<string, unknown>;
} {
  const e = r.body.error as ReturnType<typeof errorOf> | undefined;
  if (!e) throw new Error(`expected an error response, got ${r.status}: ${r.text.slice(0, 300)}`);
  return { ...e, details: e.details ?? {} };
}

/** Every file under the data dir's blobs/, relative and sorted: to prove nothing was stored. */
export function blobFiles(): string[] {
  const root = path.join(env().dataDir, "blobs");
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/** A falling dijet-like mass spectrum above 1500 GeV (mulberry32-seeded), as float32 values. */
export function syntheticMjj(n: number, seed: number, bumps: { at: number; rows: number[] }[] = []) {
  const rnd = mulberry32(seed);
  const m = Float32Array.from({ length: n }, () => 1500 - 550 * Math.log(1 - rnd()));
  for (const b of bumps) for (const r of b.rows) m[r] = b.at + 60 * (rnd() + rnd() + rnd() - 1.5);
  return m;
}

/**
 * Insert a box with hand-made files as if the build job had written them (public file: event_id,
 * mjj and mj1; sealed truth: the labels and `truthParams`) and open it. `spec` is what the box row
 * records as its generator spec (claims are matched against its `signals` after the reveal).
 */
export async function insertBuiltBox(
  db: Db,
  org: Actor,
  challengeSlug: string,
  opts: {
    slug: string;
    mode: "practice" | "blind";
    eventIds: BigInt64Array;
    mjj: Float32Array;
    labels: ArrayLike<number>;
    signals?: Record<string, unknown>[];
    truthParams?: Record<string, unknown>;
    scoringConfig: Record<string, unknown>;
    quotas: Record<string, number>;
  },
) {
  const n = opts.eventIds.length;
  await createBlackBox(db, org, challengeSlug, {
    slug: opts.slug,
    title: `Box ${opts.slug}`,
    mode: opts.mode,
    spec: { generator: { events: n, background: {}, signals: opts.signals ?? [] }, seed: 7 },
    scoringConfig: opts.scoringConfig,
    quotas: opts.quotas,
  });
  const rnd = mulberry32(99);
  const features = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    features[2 * i] = opts.mjj[i] as number;
    features[2 * i + 1] = 30 + 400 * rnd();
  }
  const pub = await writePublicFile({
    features,
    featureNames: ["mjj", "mj1"],
    eventIds: opts.eventIds,
    attrs: { slug: opts.slug, version: 1, sqrtS: 13000, units: "GeV" },
  });
  const truth = await writeTruthFile({
    labels: Int8Array.from(opts.labels),
    eventIds: opts.eventIds,
    params: opts.truthParams ?? { components: opts.signals ?? [] },
    salt: "0123456789abcdef-test-salt",
  });
  const store = blobStore();
  const p = store.put(pub);
  const t = store.put(truth);
  const [row] = await db
    .select({ id: blackBoxes.id })
    .from(blackBoxes)
    .where(eq(blackBoxes.slug, opts.slug))
    .limit(1);
  await db
    .update(blackBoxes)
    .set({
      buildStatus: "built",
      publicBlob: p.sha256,
      publicSize: p.size,
      truthBlob: t.sha256,
      truthCommitment: truthCommitment(truth),
      eventCount: n,
      featureSchema: { names: ["mjj", "mj1"] },
    })
    .where(eq(blackBoxes.id, row!.id));
  await transitionBlackBox(db, org, { challengeSlug, boxSlug: opts.slug }, "open");
  return { publicSha: p.sha256, truthSha: t.sha256, truthBytes: truth };
}

/** A version-1.0 .npy file: `descr` like "<f8", data as raw little/big-endian bytes already laid out. */
export function npy(descr: string, shape: number[], data: Uint8Array, extraHeader = ""): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), ${extraHeader}}`;
  let header = dict;
  while ((10 + header.length + 1) % 64 !== 0) header += " ";
  header += "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

export const f8 = (values: ArrayLike<number>) => new Uint8Array(Float64Array.from(values).buffer);

let h5n = 0;
/** An HDF5 file with the given 1-D datasets (Float64Array → <d, BigInt64Array → <q, Int32Array → <i). */
export async function h5(datasets: Record<string, Float64Array | BigInt64Array | Int32Array>) {
  const Module = await h5wasm.ready;
  const p = `/uploads-test-${process.pid}-${++h5n}.h5`;
  const file = new h5wasm.File(p, "w");
  try {
    for (const [name, data] of Object.entries(datasets)) {
      const dtype = data instanceof Float64Array ? "<d" : data instanceof BigInt64Array ? "<q" : "<i";
      file.create_dataset({ name, data, shape: [data.length], dtype });
    }
  } finally {
    file.close();
  }
  const bytes = Module.FS.readFile(p);
  Module.FS.unlink(p);
  return bytes;
}
