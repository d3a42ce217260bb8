import fs from "node:fs";
import path from "node:path";
import { SQRT_S_GEV } from "@/core/events";
import { truthCommitment, writeTruthFile } from "@/core/formats";
import { generateEventsParallel } from "@/blackboxes/generator/parallel";
import type { Seed } from "@/blackboxes/generator/seed";
import { type BoxEvents, writeBoxPublicFile } from "@/lib/imports";
import { unitsOf } from "@/lib/imports/mix";

/**
 * A generated box's events from its generator spec and seed (rows shuffled by the generator; ids are
 * row numbers, so they say nothing). The server's build and `arena generate` both make them here.
 */
export async function generatedEvents(spec: { generator: unknown; seed: Seed }): Promise<BoxEvents> {
  const events = await generateEventsParallel(spec.generator, spec.seed);
  const n = events.labels.length;
  return {
    features: events.features,
    featureNames: events.featureNames,
    units: unitsOf(events.featureNames),
    eventIds: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
    labels: events.labels,
    params: {
      components: events.componentParams,
      generatorVersion: events.generatorVersion,
      seed: spec.seed,
    },
    sqrtS: SQRT_S_GEV,
  };
}

/**
 * Write a box's files: its public HDF5 at `publicPath` (writeBoxPublicFile), then its sealed truth
 * file with `salt`, returned with the commitment (SHA-256 of the truth bytes). The same events,
 * slug and salt give the same bytes. `progress(step, message)`: step 1 the public file, 2 the truth.
 */
export async function writeBoxFiles(
  publicPath: string,
  events: BoxEvents,
  opts: { slug: string; salt: string; progress?: (step: 1 | 2, message: string) => Promise<void> },
): Promise<{ truth: Uint8Array; commitment: string }> {
  const progress = opts.progress ?? (async () => {});
  await progress(1, `writing the public file (${events.labels.length} events)`);
  await writeBoxPublicFile(publicPath, events, opts.slug, (m) => progress(1, m));
  await progress(2, "writing the sealed truth file");
  const truth = await writeTruthFile({
    labels: events.labels,
    eventIds: events.eventIds,
    params: events.params,
    salt: opts.salt,
  });
  return { truth, commitment: truthCommitment(truth) };
}

/**
 * A box built offline (`arena generate`, `arena import`): DIR/public.h5, DIR/truth.h5 and
 * DIR/commitment.txt. They are written under temporary names and renamed at the end, so nothing is
 * left in DIR when writing fails.
 */
export async function writeBoxDir(
  out: string,
  events: BoxEvents,
  opts: { slug: string; salt: string },
): Promise<{ publicFile: string; truthFile: string; commitment: string }> {
  fs.mkdirSync(out, { recursive: true });
  const tmp = (name: string) => path.join(out, `.${name}.${process.pid}.tmp`);
  const names = ["public.h5", "truth.h5", "commitment.txt"];
  try {
    const { truth, commitment } = await writeBoxFiles(tmp("public.h5"), events, opts);
    fs.writeFileSync(tmp("truth.h5"), truth);
    fs.writeFileSync(tmp("commitment.txt"), `${commitment}\n`);
    for (const name of names) fs.renameSync(tmp(name), path.join(out, name));
    return { publicFile: path.join(out, "public.h5"), truthFile: path.join(out, "truth.h5"), commitment };
  } finally {
    for (const name of names) fs.rmSync(tmp(name), { force: true });
  }
}
