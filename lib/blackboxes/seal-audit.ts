import fs from "node:fs";
import path from "node:path";
import type { Group } from "h5wasm/node";
import { isStrongSeed } from "@/blackboxes/generator/seed";
import { h5 } from "@/core/formats/h5lib";
import { withHdf5File } from "@/core/formats/hdf5";
import type { BoxSpec } from "@/lib/db/json";
import type { BlackBoxView } from "./lifecycle";

/** One finding of `auditBox`: what was checked, whether it held, and what was seen. */
export type SealCheck = { check: string; ok: boolean; detail: string };

export type SealAuditOptions = {
  /** The deployment, e.g. https://arena.example.org (no trailing path). */
  baseUrl: string;
  challenge: string;
  box: string;
  /** An API token of one of the challenge's organizers: needed to see the seed and spec. */
  token?: string;
  /**
   * An API token of someone who does not organize the challenge: its view is what a participant
   * sees. Without it the box and challenge are read anonymously, as the public reads them; a
   * deployment that answers anonymous reads with 401 (before issue 17) gets the organizer's view
   * less the organizer-only fields instead.
   */
  viewerToken?: string;
  /** The deployment's ARENA_DATA_DIR, when run on its host: file modes are checked too. */
  dataDir?: string;
  fetch?: typeof fetch;
};

/** Root attributes a public black box file may carry (DESIGN §5); anything else is reported. */
const PUBLIC_ATTRS = new Set(["slug", "version", "sqrt_s", "units"]);
/** JSON keys that only truth fills. */
const TRUTH_KEYS = new Set(["seed", "salt", "spec", "truth", "labels", "label", "params", "signals"]);
/** Injected-parameter fields whose values must not appear in public text. */
const PARAM_KEYS = ["mass", "mX", "mY", "mR", "n"] as const;

/** The fields of a box's JSON the audit reads (lib/blackboxes/lifecycle `BlackBoxView`). */
type View = Partial<Pick<BlackBoxView, "status" | "mode" | "eventCount" | "publicFile" | "truth">>;

/**
 * Check one box of a running deployment for the truth-sealing leaks of issue 15: a seed that can be
 * searched for (not 256 bits), an event count that differs from the spec's total (N_sig = count −
 * background), a seed, salt or injected parameter in the public JSON of the box or challenge or in
 * the public file, and — with `dataDir`, on the host — data directory, PGlite, auth secret and the
 * box's blobs readable by other accounts. Talks to the JSON API with `viewerToken` as a participant
 * (else anonymously: what the public sees), with `token` as an organizer (what must stay sealed),
 * and downloads the public file anonymously. Never prints a secret:
 * findings name the field, not the value of a seed or salt.
 */
export async function auditBox(o: SealAuditOptions): Promise<{ ok: boolean; checks: SealCheck[] }> {
  const get = o.fetch ?? fetch;
  const base = o.baseUrl.replace(/\/+$/, "");
  const boxPath = `/api/v1/challenges/${encodeURIComponent(o.challenge)}/boxes/${encodeURIComponent(o.box)}`;
  const call = async (p: string, token: string | undefined) =>
    get(`${base}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  /** The JSON at `p` (anonymous without a token), or null when refused. */
  const json = async (p: string, token: string | undefined) => {
    const r = await call(p, token);
    return r.ok ? ((await r.json()) as Record<string, unknown>) : null;
  };
  const challengePath = `/api/v1/challenges/${encodeURIComponent(o.challenge)}`;
  const checks: SealCheck[] = [];
  const add = (check: string, ok: boolean, detail: string) => checks.push({ check, ok, detail });

  const publicBox = (await json(boxPath, o.viewerToken))?.box as View | undefined;
  const orgBox = (o.token ? await json(boxPath, o.token) : null)?.box as View | undefined;
  const publicChallenge = (
    (await json(challengePath, o.viewerToken)) ?? (o.token ? await json(challengePath, o.token) : null)
  )?.challenge as Record<string, unknown> | undefined;
  const view = orgBox ?? publicBox;
  if (!view) {
    add(
      "box",
      false,
      `${boxPath} is not visible (wrong slug, a draft without an organizer token, or no access)`,
    );
    return { ok: false, checks };
  }
  const spec = view.truth?.spec ?? null;
  const truthPublic = view.status === "revealed" || (view.mode === "practice" && view.status !== "draft");
  if (!spec) {
    add("organizer view", false, "the box's spec is not visible: give an organizer's API token (--token)");
  }

  if (spec) {
    add(
      "seed",
      isStrongSeed(spec.seed),
      isStrongSeed(spec.seed)
        ? "256-bit seed"
        : "the seed is a small integer: anyone can rebuild the box by trying seeds (rebuild it with a fresh seed)",
    );
    const gen = "generator" in spec ? spec.generator : undefined;
    if (gen) {
      const total = gen.events;
      const nSig = (gen.signals ?? []).length;
      if (total === undefined && nSig > 0)
        add("event count", false, "legacy spec (background.n + signals): the event count reveals N_sig");
      else if (view.eventCount == null) add("event count", true, "not built yet");
      else
        add(
          "event count",
          view.eventCount === total,
          `${view.eventCount} events, the spec's total is ${total}${view.eventCount === total ? "" : ": the difference is the signal"}`,
        );
    } else add("event count", true, "an import: the count is that of the organizer's files");
  }

  if (truthPublic) add("public fields", true, `the truth is public (${view.status} ${view.mode} box)`);
  else {
    const pub = (publicBox ?? withoutOrganizerFields(view as Record<string, unknown>)) as Record<
      string,
      unknown
    >;
    const texts = [pub, publicChallenge ?? {}];
    const leaks: string[] = [];
    for (const t of texts) leaks.push(...truthKeys(t));
    const secrets = secretStrings(spec);
    const blob = JSON.stringify(texts);
    if (secrets.some((s) => blob.includes(s))) leaks.push("the seed or salt appears in the public JSON");
    for (const [where, text] of textFields(pub, publicChallenge)) {
      // "1 000 834" and "3,823" are numbers too.
      const plain = text.replaceAll(/(\d)[\s,\u202f\u00a0](?=\d{3}(\D|$))/g, "$1");
      for (const v of paramValues(spec))
        if (new RegExp(`(^|[^\\d.])${v}(\\D|$)`).test(plain))
          leaks.push(`${where} states ${v}, an injected parameter`);
    }
    const whose = !publicBox
      ? "the organizer's view less organizer-only fields"
      : o.viewerToken
        ? "a participant's view"
        : "the anonymous view";
    add(
      "public fields",
      leaks.length === 0,
      leaks.length ? leaks.join("; ") : `no truth in the public JSON (${whose})`,
    );
  }

  const pubSha = view.publicFile?.sha256;
  if (pubSha) {
    const file = `/api/files/${encodeURIComponent(o.challenge)}/${encodeURIComponent(o.box)}/public.h5`;
    // Anonymously, as anyone downloads it; a draft's file only with the organizer's token.
    const r = await call(file, view.status === "draft" ? o.token : undefined);
    if (!r.ok) add("public file", false, `public.h5: HTTP ${r.status}`);
    else {
      const bytes = new Uint8Array(await r.arrayBuffer());
      const found = await publicFileLeaks(bytes);
      const text = Buffer.from(bytes).toString("latin1");
      if (secretStrings(spec).some((s) => text.includes(s))) found.push("the seed or salt is in the file");
      add(
        "public file",
        found.length === 0,
        found.length ? found.join("; ") : "attributes slug, version, sqrt_s, units only",
      );
    }
  }

  if (o.dataDir) checks.push(...fileModes(o.dataDir, [pubSha, view.truth?.sha256 ?? undefined]));
  return { ok: checks.every((c) => c.ok), checks };
}

function withoutOrganizerFields(view: Record<string, unknown>): Record<string, unknown> {
  const { truth: _t, build: _b, buildCheck: _c, ...rest } = view;
  return rest;
}

/** Keys anywhere in `value` that only truth fills. */
function truthKeys(value: unknown, at = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => truthKeys(v, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(TRUTH_KEYS.has(k) && v !== null ? [`public field ${at}${k}`] : []),
    ...truthKeys(v, `${at}${k}.`),
  ]);
}

function secretStrings(spec: BoxSpec | null): string[] {
  if (!spec) return [];
  return [spec.seed, spec.salt].filter((s): s is string => typeof s === "string" && s.length >= 16);
}

function textFields(box: Record<string, unknown>, challenge: Record<string, unknown> | undefined) {
  const out: [string, string][] = [];
  for (const k of ["title", "description"]) if (typeof box[k] === "string") out.push([`box ${k}`, box[k]]);
  for (const k of ["title", "summary", "description"])
    if (typeof challenge?.[k] === "string") out.push([`challenge ${k}`, challenge[k] as string]);
  return out;
}

/** The injected signals' masses and sizes (whole numbers ≥ 10: smaller ones say nothing). */
function paramValues(spec: BoxSpec | null): number[] {
  const signals = spec && "generator" in spec ? (spec.generator.signals ?? []) : [];
  const values = new Set<number>();
  for (const s of signals) {
    const fields = new Map(Object.entries(s));
    for (const k of PARAM_KEYS) {
      const v = fields.get(k);
      if (typeof v === "number" && v >= 10) values.add(v);
    }
  }
  return [...values];
}

/** Root attributes beyond DESIGN §5's, and groups, datasets or attributes that look like truth. */
async function publicFileLeaks(bytes: Uint8Array): Promise<string[]> {
  return withHdf5File(bytes, "public.h5", (file) => {
    const found: string[] = [];
    for (const a of Object.keys(file.attrs))
      if (!PUBLIC_ATTRS.has(a))
        found.push(`root attribute "${a}" is not one of slug, version, sqrt_s, units`);
    const walk = (g: Group, at: string) => {
      for (const k of g.keys()) {
        const child = g.get(k);
        const p = `${at}/${k}`;
        if (/truth|label|param|seed|salt/i.test(k)) found.push(`${p} looks like truth`);
        if (child && "attrs" in child)
          for (const a of Object.keys(child.attrs))
            if (/param|seed|salt|label|truth/i.test(a)) found.push(`attribute ${p}@${a} looks like truth`);
        if (child instanceof h5().Group) walk(child, p);
      }
    };
    walk(file, "");
    return found;
  });
}

/** Modes on the host: nothing of the data directory readable or enterable by group or others. */
function fileModes(dataDir: string, blobs: (string | undefined)[]): SealCheck[] {
  const out: SealCheck[] = [];
  const mode = (p: string) => fs.statSync(p).mode & 0o777;
  const check = (what: string, p: string, want: number) => {
    if (!fs.existsSync(p)) return;
    const m = mode(p);
    const ok = (m & 0o077) === 0;
    out.push({
      check: `file mode: ${what}`,
      ok,
      detail: `${p} is ${m.toString(8).padStart(4, "0")}${ok ? "" : `, want ${want.toString(8).padStart(4, "0")}`}`,
    });
  };
  if (!fs.existsSync(dataDir))
    return [{ check: "file mode: data directory", ok: false, detail: `${dataDir} does not exist` }];
  check("data directory", dataDir, 0o700);
  check("PGlite directory", path.join(dataDir, "pgdata"), 0o700);
  check("auth secret", path.join(dataDir, "auth-secret"), 0o600);
  check("blob directory", path.join(dataDir, "blobs"), 0o700);
  for (const [i, sha] of blobs.entries()) {
    if (!sha || !/^[0-9a-f]{64}$/.test(sha)) continue;
    const p = path.join(dataDir, "blobs", sha.slice(0, 2), sha.slice(2));
    if (!fs.existsSync(p)) {
      out.push({
        check: `file mode: ${i === 0 ? "public" : "truth"} blob`,
        ok: false,
        detail: `${p} is missing (wrong --data-dir?)`,
      });
      continue;
    }
    check(`${i === 0 ? "public" : "truth"} blob folder`, path.dirname(p), 0o700);
    check(`${i === 0 ? "public" : "truth"} blob`, p, 0o600);
  }
  return out;
}
