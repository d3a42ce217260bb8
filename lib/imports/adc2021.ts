import type { Seed } from "@/blackboxes/generator/seed";
import { readAdc2021 } from "@/core/formats/adc2021";
import { checkRoles, sourceOf } from "./sources";
import { mixParts, unitsOf } from "./mix";
import { type BoxEvents, ImportError, type ImportSource } from "./types";
import { SQRT_S_GEV } from "@/core/events";

/** A component's name from its file name: "Ato4l_lepFilter_13TeV.h5" → "Ato4l_lepFilter_13TeV". */
const componentName = (file: string) => file.replace(/(\.[a-z0-9]+)+$/i, "");

/**
 * An ADC2021 box: one background file (label 0) plus any number of signal files (labels 1…K in the
 * order given, named after their files), mixed by a seeded shuffle. Public features: the 19 objects'
 * (pT, η, φ). Event ids: the file's `EvtId` when a single file is imported; when files are mixed, the
 * row number after the shuffle (each file numbers its own events, so its EvtId would tell which file
 * an event came from). There is no resonance mass: such boxes rank by TPR at FPR = 10⁻⁵.
 */
export async function importAdc2021(
  sources: ImportSource[],
  seed: Seed,
  progress: (m: string) => Promise<void> | void,
): Promise<BoxEvents> {
  checkRoles(sources, "adc2021");
  const bkg = sourceOf(sources, "background", "adc2021") as ImportSource;
  const signals = sources.filter((s) => s.role === "signal");
  const parts = [];
  let names: readonly string[] = [];
  let eventIds: BigInt64Array | undefined; // a background alone keeps its EvtIds
  for (const [k, src] of [bkg, ...signals].entries()) {
    await progress(`reading ${src.name}`);
    const e = await readAdc2021(src.path, src.name);
    if (e.events === 0) throw new ImportError(`${src.name}: holds no events`);
    names = e.featureNames;
    parts.push({ name: src.name, label: k, features: e.features, n: e.events });
    if (k === 0) eventIds = e.eventIds;
  }
  const mixed =
    signals.length === 0
      ? {
          features: parts[0]!.features,
          labels: new Int8Array(parts[0]!.n),
          eventIds: eventIds ?? BigInt64Array.from({ length: parts[0]!.n }, (_, i) => BigInt(i)),
        }
      : mixParts(parts, names.length, seed);
  return {
    features: mixed.features,
    featureNames: [...names],
    units: unitsOf(names),
    eventIds: mixed.eventIds,
    labels: mixed.labels,
    sqrtS: SQRT_S_GEV,
    params: {
      format: "adc2021",
      sources: parts.map((p) => ({ file: p.name, label: p.label, events: p.n })),
      components: parts
        .filter((p) => p.label > 0)
        .map((p) => ({ label: p.label, name: componentName(p.name), n: p.n })),
      background: parts[0]!.n,
      shuffle: signals.length > 0 ? { seed, order: "files as listed in sources" } : null,
    },
  };
}
