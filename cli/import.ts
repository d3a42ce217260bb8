import { parseSeed, type Seed } from "@/blackboxes/generator/seed";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeBoxDir } from "@/lib/blackboxes/box-files";
import { IMPORT_FORMATS, type ImportFormat, type ImportSource, importEvents } from "@/lib/imports";
import { newSeed, randomSecret } from "@/lib/secrets";
import { positiveInt } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena import lhco EVENTS.h5 [--masterkey KEY.txt] --out DIR`,
 * `arena import adc2021|darkmachines --background FILE [--background FILE …] [--signal FILE …] --out DIR`
 * (+ `[--slug S] [--seed S] [--threads N] [--salt TEXT] [--json]`): build a box from real data
 * offline exactly as the server's import does — DIR/public.h5, DIR/truth.h5, DIR/commitment.txt.
 * Nothing is left in DIR when the files are wrong: the outputs are written under temporary names
 * and renamed at the end.
 */
export const importCommand: Command = async (argv) => {
  const [format, ...rest] = argv;
  if (!format || !(IMPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`give the format first: arena import ${IMPORT_FORMATS.join("|")} …`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: f, positionals } = parsed;
  if (!f.out) throw new UsageError("--out is required");
  const sources: ImportSource[] = [];
  const add = (role: ImportSource["role"], file: string) => {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    sources.push({ role, name: path.basename(file), path: path.resolve(file) });
  };
  if (format === "lhco") {
    if (positionals.length !== 1) throw new UsageError("arena import lhco takes one events file");
    add("events", positionals[0] as string);
    if (f.masterkey) add("masterkey", f.masterkey);
    if (f.background || f.signal)
      throw new UsageError("--background/--signal are for adc2021 and darkmachines");
  } else {
    if (positionals.length > 0 || f.masterkey)
      throw new UsageError(`arena import ${format} takes --background FILE and --signal FILE options`);
    for (const b of f.background ?? []) add("background", b);
    for (const s of f.signal ?? []) add("signal", s);
  }
  let seed: Seed;
  try {
    // The shuffle decides which rows are signal: without --seed, 256 fresh bits (kept in truth.h5).
    seed = f.seed === undefined ? newSeed() : parseSeed(f.seed, "--seed");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const threads = positiveInt(f.threads, "threads", undefined);

  const t0 = performance.now();
  const events = await importEvents(format as ImportFormat, sources, { seed, threads });
  const out = f.out;
  const { commitment, publicFile, truthFile } = await writeBoxDir(out, events, {
    slug: f.slug ?? path.basename(path.resolve(out)),
    salt: f.salt ?? randomSecret(24),
  });
  const seconds = (performance.now() - t0) / 1000;
  const components = events.params.components as { label: number; name: string; n: number }[];
  const json = {
    format,
    events: events.labels.length,
    features: events.featureNames.length,
    background: events.labels.filter((l) => l === 0).length,
    components,
    publicFile,
    truthFile,
    commitment,
    seconds,
  };
  const text = [
    `${json.events} events (${json.background} background${components.map((c) => `, ${c.n} ${c.name}`).join("")}) → ${out}/public.h5, truth.h5`,
    `${json.features} features: ${events.featureNames.slice(0, 8).join(", ")}${json.features > 8 ? ", …" : ""}`,
    `commitment ${commitment}`,
    `${seconds.toFixed(2)} s`,
  ].join("\n");
  return { json, text, asJson: f.json === true };
};

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: "string" },
      masterkey: { type: "string" },
      background: { type: "string", multiple: true },
      signal: { type: "string", multiple: true },
      slug: { type: "string" },
      seed: { type: "string" },
      threads: { type: "string" },
      salt: { type: "string" },
      json: { type: "boolean" },
    },
  });
}
