import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { ScoreFileError } from "./errors";
import { parseNumber } from "./text";

/** Object kinds after merging charges: jets, b-jets, electrons, muons, photons. */
export type DarkMachinesKind = "j" | "b" | "e" | "m" | "g";
const KINDS: DarkMachinesKind[] = ["j", "b", "e", "m", "g"];
const TYPES: Record<string, { kind: DarkMachinesKind; charge: number }> = {
  j: { kind: "j", charge: 0 },
  b: { kind: "b", charge: 0 },
  "e-": { kind: "e", charge: -1 },
  "e+": { kind: "e", charge: 1 },
  "m-": { kind: "m", charge: -1 },
  "m+": { kind: "m", charge: 1 },
  g: { kind: "g", charge: 0 },
};

/**
 * Objects kept per kind, leading in pT. Chosen from the challenge's channel-1 files (fixtures
 * background_chan1_7.79_reduced + monotop_200_A_chan1, 2581 events): jets 1–11 per event (8 covers
 * 98.6%), b-jets 0–4, at most one of each lepton sign and one photon, so 8/4/2/2/2.
 */
export const DARKMACHINES_CAPS: Readonly<Record<DarkMachinesKind, number>> = { j: 8, b: 4, e: 2, m: 2, g: 2 };

/**
 * Feature names for the given caps: `MET, METphi`, then per kind and slot `j1_E, j1_pt, j1_eta,
 * j1_phi, …`, electrons and muons with a charge `e1_q` (±1), then the true multiplicities before
 * truncation `n_j, n_b, n_e, n_m, n_g`. Energies and momenta in GeV.
 *
 * @example
 * darkMachinesFeatureNames({ j: 1, b: 0, e: 1, m: 0, g: 0 }).slice(0, 8);
 * // → ["MET", "METphi", "j1_E", "j1_pt", "j1_eta", "j1_phi", "e1_E", "e1_pt"]
 */
export function darkMachinesFeatureNames(caps = DARKMACHINES_CAPS): string[] {
  const names = ["MET", "METphi"];
  for (const k of KINDS) {
    const cols = k === "e" || k === "m" ? ["E", "pt", "eta", "phi", "q"] : ["E", "pt", "eta", "phi"];
    for (let i = 1; i <= caps[k]; i++) names.push(...cols.map((c) => `${k}${i}_${c}`));
  }
  return [...names, ...KINDS.map((k) => `n_${k}`)];
}

export type DarkMachinesEvents = {
  events: number;
  /** Row-major float32 [events, featureNames.length]; missing objects are zeros. */
  features: Float32Array;
  featureNames: string[];
  eventIds: BigInt64Array;
  /** The file's process column, e.g. "njets", "ttbar", "monotop_200_A". */
  processIds: string[];
  weights: Float64Array;
  /** Events that had more objects of a kind than its cap (the extra, softest ones were dropped). */
  overflow: Record<DarkMachinesKind, number>;
};

type Obj = { e: number; pt: number; eta: number; phi: number; q: number };

/** Accumulates events line by line into a growing feature matrix. */
class Builder {
  readonly names: string[];
  private width: number;
  private features = new Float32Array(0);
  private ids: bigint[] = [];
  private processIds: string[] = [];
  private weights: number[] = [];
  private overflow: Record<DarkMachinesKind, number> = { j: 0, b: 0, e: 0, m: 0, g: 0 };

  constructor(
    private readonly fileName: string,
    private readonly caps: Readonly<Record<DarkMachinesKind, number>>,
  ) {
    this.names = darkMachinesFeatureNames(caps);
    this.width = this.names.length;
  }

  add(raw: string, line: number): void {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const fail = (msg: string, details: Record<string, unknown> = {}) =>
      new ScoreFileError("upload:bad_line", `${this.fileName}: line ${line} ${msg}`, { line, ...details });
    // Every line of the challenge files ends with ';': its absence is how a cut-off line shows.
    if (!text.endsWith(";")) {
      throw fail("does not end with ';' as every Dark Machines event line does; the line or file is cut off");
    }
    const fields = text.slice(0, -1).split(";");
    if (fields.length < 5) {
      throw fail(
        `has ${fields.length} fields; expected event_id;process_id;weight;MET;METphi; then objects type,E,pt,eta,phi;`,
      );
    }
    const [idText, processId, weightText, metText, metPhiText] = fields as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^\d+$/.test(idText)) throw fail(`has event_id '${idText}'; expected a whole number`);
    if (processId === "") throw fail("has an empty process_id");
    const num = (token: string, what: string, where = "") => {
      const v = parseNumber(token);
      if (v === undefined || !Number.isFinite(v)) {
        throw fail(`${where}has ${what} '${token}'; expected a finite number`);
      }
      return v;
    };
    const weight = num(weightText, "weight");
    const met = num(metText, "MET");
    const metPhi = num(metPhiText, "METphi");
    const byKind: Record<DarkMachinesKind, Obj[]> = { j: [], b: [], e: [], m: [], g: [] };
    for (const [o, token] of fields.slice(5).entries()) {
      const parts = token.split(",");
      const at = `object ${o + 1} '${token.slice(0, 60)}'`;
      if (parts.length !== 5) {
        throw fail(`${at} has ${parts.length} fields; each object is type,E,pt,eta,phi`, { object: o + 1 });
      }
      const name = parts[0] as string;
      // hasOwn: a token such as "constructor" must not find Object.prototype's members.
      const type = Object.hasOwn(TYPES, name) ? TYPES[name] : undefined;
      if (!type) {
        throw fail(`${at} has unknown type '${parts[0]}'; expected one of ${Object.keys(TYPES).join(" ")}`, {
          object: o + 1,
        });
      }
      const [e, pt, eta, phi] = parts
        .slice(1)
        .map((p, k) => num(p, ["E", "pt", "eta", "phi"][k] as string, `${at} `));
      // MeV in the file, GeV out.
      byKind[type.kind].push({ e: e! / 1000, pt: pt! / 1000, eta: eta!, phi: phi!, q: type.charge });
    }
    this.push(BigInt(idText), processId, weight, met / 1000, metPhi, byKind);
  }

  private push(
    id: bigint,
    processId: string,
    weight: number,
    met: number,
    metPhi: number,
    byKind: Record<DarkMachinesKind, Obj[]>,
  ): void {
    const row = this.ids.length;
    if ((row + 1) * this.width > this.features.length) {
      const grown = new Float32Array(Math.max(1024, 2 * (row + 1)) * this.width);
      grown.set(this.features);
      this.features = grown;
    }
    let c = row * this.width;
    this.features[c++] = met;
    this.features[c++] = metPhi;
    for (const k of KINDS) {
      const objs = byKind[k].sort((a, b) => b.pt - a.pt);
      if (objs.length > this.caps[k]) this.overflow[k]++;
      const charged = k === "e" || k === "m";
      for (let i = 0; i < this.caps[k]; i++) {
        const o = objs[i];
        const vals = o ? [o.e, o.pt, o.eta, o.phi, o.q] : [0, 0, 0, 0, 0];
        for (let v = 0; v < (charged ? 5 : 4); v++) this.features[c++] = vals[v] as number;
      }
    }
    for (const k of KINDS) this.features[c++] = byKind[k].length;
    this.ids.push(id);
    this.processIds.push(processId);
    this.weights.push(weight);
  }

  finish(): DarkMachinesEvents {
    const events = this.ids.length;
    if (events === 0) {
      throw new ScoreFileError("upload:empty", `${this.fileName}: holds no events`);
    }
    return {
      events,
      features: this.features.slice(0, events * this.width),
      featureNames: this.names,
      eventIds: BigInt64Array.from(this.ids),
      processIds: this.processIds,
      weights: Float64Array.from(this.weights),
      overflow: { ...this.overflow },
    };
  }
}

/**
 * Read a Dark Machines unsupervised-challenge CSV (arXiv:2105.14027): `;`-separated, one event per
 * line `event_id;process_id;weight;MET;METphi;obj1;…;` with each object `type,E,pt,eta,phi` in MeV,
 * types j b e- e+ m- m+ g. Output per event: MET and METphi, then for each kind the leading objects
 * by pT up to `caps` (E, pT, η, φ, and charge ±1 for e/μ), zero-padded, then the true multiplicities;
 * energies in GeV. CRLF and a final newline are tolerated; blank lines are not.
 *
 * @throws ScoreFileError `upload:bad_line` naming the 1-based line (and object) for a line without its
 *   closing ';' (cut off), too few fields, an object without 5 fields, an unknown object type, or a
 *   value that is not a finite number; `upload:empty` without events.
 * @example
 * const d = parseDarkMachines("7;ttbar;1;50000;0.5;j,120000,100000,0.1,0.2;\n", "x.csv");
 * [d.features[0], d.features[3], d.processIds[0]]; // → [50, 100, "ttbar"]
 */
export function parseDarkMachines(
  text: string,
  fileName: string,
  caps = DARKMACHINES_CAPS,
): DarkMachinesEvents {
  const b = new Builder(fileName, caps);
  const lines = text.split("\n");
  const last = lines.length - 1;
  for (const [i, line] of lines.entries()) {
    if (i === last && line === "") break;
    b.add(line, i + 1);
  }
  return b.finish();
}

/**
 * `parseDarkMachines` of a file on disk, streamed line by line (the full challenge files run to
 * hundreds of MB of text; only the float32 matrix is kept).
 *
 * @throws as `parseDarkMachines`; Error (ENOENT …) when the path cannot be read.
 * @example
 * (await readDarkMachinesFile("../shared/fixtures/real/darkmachines/monotop_200_A_chan1.csv")).events; // → 1581
 */
export async function readDarkMachinesFile(
  filePath: string,
  fileName = basename(filePath),
  caps = DARKMACHINES_CAPS,
): Promise<DarkMachinesEvents> {
  const b = new Builder(fileName, caps);
  // readline splits on \n and \r\n and yields no empty line after a final newline.
  const rl = createInterface({
    input: createReadStream(filePath, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const line of rl) b.add(line, ++n);
  return b.finish();
}
