import type { Seed } from "@/blackboxes/generator/seed";
import { readDarkMachinesFile } from "@/core/formats/darkmachines";
import { mixParts, type MixPart, unitsOf } from "./mix";
import { checkRoles } from "./sources";
import { type BoxEvents, ImportError, type ImportSource } from "./types";
import { SQRT_S_GEV } from "@/core/events";

/**
 * A Dark Machines box: background files (every process in them is label 0) and signal files, whose
 * process ids become the signal components (labels 1…K in order of first appearance, named by the
 * process id), mixed by a seeded shuffle; event ids are row numbers after the shuffle (the files'
 * own event numbers stay out of the public file). Objects are converted from MeV to GeV and padded
 * to a fixed number per type (core/formats/darkmachines). No resonance mass: ranked by a truth metric.
 */
export async function importDarkMachines(
  sources: ImportSource[],
  seed: Seed,
  progress: (m: string) => Promise<void> | void,
): Promise<BoxEvents> {
  checkRoles(sources, "darkmachines");
  if (!sources.some((s) => s.role === "background"))
    throw new ImportError("darkmachines: give at least one background file");
  const parts: MixPart[] = [];
  const components: { label: number; name: string; n: number }[] = [];
  const background = new Map<string, number>();
  const files: { file: string; role: string; events: number }[] = [];
  let names: string[] = [];
  for (const src of sources) {
    await progress(`reading ${src.name}`);
    const e = await readDarkMachinesFile(src.path, src.name);
    names = e.featureNames;
    files.push({ file: src.name, role: src.role, events: e.events });
    const nf = names.length;
    // One part per process id: a signal process is its own component.
    const rows = new Map<string, number[]>();
    e.processIds.forEach((p, i) => {
      const list = rows.get(p);
      if (list) list.push(i);
      else rows.set(p, [i]);
    });
    for (const [process, idx] of rows) {
      let label = 0;
      if (src.role === "signal") {
        const known = components.find((c) => c.name === process);
        if (known) {
          label = known.label;
          known.n += idx.length;
        } else {
          if (components.length >= 127) throw new ImportError(`${src.name}: more than 127 signal processes`);
          label = components.length + 1;
          components.push({ label, name: process, n: idx.length });
        }
      } else {
        if (components.some((c) => c.name === process))
          throw new ImportError(
            `${src.name}: process '${process}' is in a background file and in a signal file; give each process one role`,
          );
        background.set(process, (background.get(process) ?? 0) + idx.length);
      }
      const features = new Float32Array(idx.length * nf);
      idx.forEach((r, i) => {
        features.set(e.features.subarray(r * nf, (r + 1) * nf), i * nf);
      });
      parts.push({ name: `${src.name}:${process}`, label, features, n: idx.length });
    }
  }
  for (const c of components) {
    if (background.has(c.name))
      throw new ImportError(
        `process '${c.name}' is in a background file and in a signal file; give each process one role`,
      );
  }
  const mixed = mixParts(parts, names.length, seed);
  return {
    features: mixed.features,
    featureNames: names,
    units: unitsOf(names),
    eventIds: mixed.eventIds,
    labels: mixed.labels,
    sqrtS: SQRT_S_GEV,
    params: {
      format: "darkmachines",
      sources: files,
      components,
      background: Object.fromEntries(background),
      shuffle: { seed, order: "files as listed, each split by process id in order of first appearance" },
    },
  };
}
