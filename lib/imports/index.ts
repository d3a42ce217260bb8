import type { Seed } from "@/blackboxes/generator/seed";
import { writePublicFileAt } from "@/core/formats/blackbox-write";
import { isScoreFileError } from "@/core/formats/errors";
import { blobStore } from "@/lib/storage";
import { importAdc2021 } from "./adc2021";
import { importDarkMachines } from "./darkmachines";
import { importLhco } from "./lhco";
import { type BoxEvents, ImportError, type ImportFormat, type ImportSource } from "./types";

import type { SignalInfo } from "./spec";

export { discardImportedBox } from "./discard";
export { type ImportSpec, importSpecSchema, isImportSpec, type SignalInfo } from "./spec";
export { type BoxEvents, IMPORT_FORMATS, ImportError, type ImportFormat, type ImportSource } from "./types";

/**
 * The public file of a box's events (generated or imported) at `path`: the features, event ids and
 * attributes (`writePublicFileAt`), then the importer's extra datasets with `progress` lines. The
 * events' source files are closed afterwards, written or not. The build job and `arena import` both
 * write through it.
 */
export async function writeBoxPublicFile(
  path: string,
  events: BoxEvents,
  slug: string,
  progress?: (message: string) => Promise<void> | void,
): Promise<void> {
  try {
    await writePublicFileAt(
      path,
      {
        features: events.features,
        featureNames: events.featureNames,
        eventIds: events.eventIds,
        attrs: { slug, version: 1, sqrtS: events.sqrtS, units: "GeV" },
      },
      events.extra,
      progress,
    );
  } finally {
    events.close?.();
  }
}

export type ImportOptions = {
  /** Seeds the shuffle that mixes background and signal files (ADC2021, Dark Machines). */
  seed: Seed;
  signals?: SignalInfo[];
  /** Worker threads for jet clustering (LHCO); default: all cores. */
  threads?: number;
  progress?: (message: string) => Promise<void> | void;
};

/**
 * Read an import's files and return the box's events: features, ids, labels and the truth params.
 * Every problem with the files (wrong layout, shape, labels, unknown object types …) is an
 * ImportError naming the file and what to fix; nothing is written here.
 *
 * @param sources for the build job, blobs resolved to paths (see `resolveSources`); for the CLI, paths.
 */
export async function importEvents(
  format: ImportFormat,
  sources: ImportSource[],
  options: ImportOptions,
): Promise<BoxEvents> {
  const progress = options.progress ?? (() => {});
  try {
    const events =
      format === "lhco"
        ? await importLhco(sources, { threads: options.threads, progress })
        : format === "adc2021"
          ? await importAdc2021(sources, options.seed, progress)
          : await importDarkMachines(sources, options.seed, progress);
    try {
      return withSignalInfo(events, options.signals ?? []);
    } catch (e) {
      events.close?.();
      throw e;
    }
  } catch (e) {
    // The readers' errors name the file, row and fix: they are the organizer's to act on.
    if (isScoreFileError(e)) throw new ImportError(e.message);
    throw e;
  }
}

/** Attach what the organizer said about each signal component to the truth params. */
function withSignalInfo(events: BoxEvents, signals: SignalInfo[]): BoxEvents {
  const { components } = events.params;
  for (const s of signals) {
    if (!components.some((c) => c.label === s.label)) {
      throw new ImportError(
        `signals: label ${s.label} is not a signal component of this import (its labels are ${components.map((c) => c.label).join(", ") || "none"})`,
      );
    }
  }
  return {
    ...events,
    params: {
      ...events.params,
      components: components.map((c) => ({ ...c, ...signals.find((s) => s.label === c.label) })),
    },
  };
}

/** A stored import's sources as files on disk: the blob store's paths. */
export function resolveSources(spec: {
  sources: { role: ImportSource["role"]; name: string; blob: string }[];
}): ImportSource[] {
  const store = blobStore();
  return spec.sources.map((s) => ({ role: s.role, name: s.name, path: store.pathOf(s.blob) }));
}
