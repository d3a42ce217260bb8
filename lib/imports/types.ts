import type { ExtraDatasets } from "@/core/formats/blackbox-write";
import type { ImportComponent } from "@/lib/db/json";

/** The real-data formats organizers can import (DESIGN §5 "Imports"). */
export const IMPORT_FORMATS = ["lhco", "adc2021", "darkmachines"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The roles a source file can have. */
export const IMPORT_ROLE_NAMES = ["events", "masterkey", "background", "signal"] as const;
export type ImportRole = (typeof IMPORT_ROLE_NAMES)[number];

/** The roles of the source files each format takes. */
export const IMPORT_ROLES: Readonly<Record<ImportFormat, readonly ImportRole[]>> = {
  lhco: ["events", "masterkey"],
  adc2021: ["background", "signal"],
  darkmachines: ["background", "signal"],
};

/**
 * One source file of an import. Roles: LHCO `events` (+ optional `masterkey`); ADC2021 and Dark
 * Machines `background` and `signal` (any number of each; a signal file's name names its component).
 */
export type ImportSource = {
  role: ImportRole;
  /** Shown in the truth and in errors: the uploaded file's name. */
  name: string;
  /** Where the bytes are: a path on disk (the CLI) or, in a box's stored spec, a blob. */
  path: string;
};

/**
 * A box's events, ready for the public and truth files: what the generator makes for generated boxes
 * and an importer for real data. Row i of `features` is event `eventIds[i]` with truth `labels[i]`.
 */
export type BoxEvents = {
  features: Float32Array;
  featureNames: string[];
  /** One per feature: "GeV" for energies, momenta and masses, "" otherwise. */
  units: string[];
  eventIds: BigInt64Array;
  /** 0 = background, k > 0 = signal component k. */
  labels: Int8Array;
  /**
   * The truth file's params: the components (label, events, name; a generated signal's spec) and
   * the sources, generator or import details. An import's components are also stored in its spec.
   */
  params: { components: ImportComponent[]; [key: string]: unknown };
  sqrtS: number;
  /** Datasets added to the public file after the standard ones (an LHCO box's particle arrays). */
  extra?: ExtraDatasets;
  /** Releases what `extra` reads (an open source file); call once the public file is written or not. */
  close?: () => void;
};

/**
 * A problem with the organizer's files (never with the server): the message names the file, the
 * row or field and the fix. The build stops and no box is kept.
 */
export class ImportError extends Error {
  override name = "ImportError";
}

export const isImportError = (e: unknown): e is ImportError => e instanceof ImportError;
