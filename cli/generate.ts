import path from "node:path";
import { parseSeed, type Seed } from "@/blackboxes/generator/seed";
import { type GeneratorSpecInput, scaleGenerator } from "@/blackboxes/generator/spec";
import { generatedEvents, writeBoxDir } from "@/lib/blackboxes/box-files";
import { newSeed, randomSecret } from "@/lib/secrets";
import { flags, readJsonFile } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena generate SPEC.json --out DIR [--events N] [--seed S] [--salt TEXT]`: build a black box
 * offline exactly as the server does — DIR/public.h5, DIR/truth.h5 and DIR/commitment.txt (the
 * SHA-256 of truth.h5). SPEC is a generator spec or a box spec `{ generator, seed }`. --seed is 64
 * hex digits (a revealed box's seed, from its truth file's params: rebuilds it exactly) or a whole
 * number; without one, 256 fresh bits from the OS CSPRNG, written only into truth.h5. --events
 * scales every component to N events in total (keeping the proportions), for quick looks.
 */
export const generateCommand: Command = async (argv) => {
  const [specFile, ...rest] = argv;
  if (!specFile || specFile.startsWith("--"))
    throw new UsageError("give the spec file first: arena generate SPEC.json --out DIR");
  const f = flags(
    rest,
    {
      out: { type: "string" },
      events: { type: "string" },
      seed: { type: "string" },
      salt: { type: "string" },
      json: { type: "boolean" },
    },
    ["out"],
  );
  const raw = readJsonFile(specFile, "spec") as { generator?: unknown; seed?: unknown; slug?: string };
  const generator = (raw.generator ?? raw) as GeneratorSpecInput;
  let seed: Seed;
  try {
    // No seed anywhere: 256 fresh bits, kept in truth.h5 only (never printed).
    seed =
      f.seed !== undefined
        ? parseSeed(f.seed, "--seed")
        : raw.seed !== undefined
          ? parseSeed(raw.seed)
          : newSeed();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let spec: unknown = generator;
  if (f.events !== undefined) {
    const n = Number(f.events);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--events must be a positive integer, got "${f.events}"`);
    spec = scaleGenerator(generator, n);
  }
  const t0 = performance.now();
  const events = await generatedEvents({ generator: spec, seed });
  const n = events.labels.length;
  const slug = raw.slug ?? path.basename(specFile).replace(/\.json$/i, "");
  const { commitment, publicFile, truthFile } = await writeBoxDir(f.out!, events, {
    slug,
    salt: f.salt ?? randomSecret(24),
  });
  const seconds = (performance.now() - t0) / 1000;
  const json = { events: n, publicFile, truthFile, commitment, seconds };
  return {
    json,
    text: `${n} events → ${f.out}/public.h5, truth.h5\ncommitment ${commitment}\n${seconds.toFixed(2)} s`,
    asJson: f.json === true,
  };
};
