/** Thrown for bad command lines: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `arena — recompute offline exactly what the Anomaly Arena scorer computes.

Usage:
  arena evaluate --scores FILE [--truth FILE] [--mass FILE | --features PUBLIC.h5] [--config FILE] [--device D] [--json]
  arena bumphunt --hist FILE [--use-sideband] [--sideband-width K] [--npe N] [--seed S] [--threads T] [--device D] [--json]
  arena claim-score --claim CLAIM.json --truth truth.h5|TRUTH.json [--events N] [--config SCORING.json] [--json]
  arena generate SPEC.json --out DIR [--events N] [--seed S] [--json]
  arena verify-truth --truth truth.h5 --commitment HEX [--json]
  arena baseline mahalanobis|ae --features PUBLIC.h5 --out SCORES.npy [--epochs N] [--device auto|cpu|gpu] [--json]
  arena import lhco EVENTS.h5 [--masterkey KEY.txt] --out DIR [--threads N] [--json]
  arena import adc2021|darkmachines --background FILE [--signal FILE …] --out DIR [--seed S] [--json]
  arena help

Score and label files: .npy, .h5 (h5py or pandas), .csv/.txt, optionally gzipped.
claim-score --truth: the box's truth.h5 as published at the reveal (gives --events), or JSON
{ "resonances": [{ component, mass, nSignal, daughterMasses? }] } with --events N.
--hist takes a JSON object with edges, data, ref, settings (or a whole reference case file);
--use-sideband and --sideband-width K override its use_sideband and sideband_width (pyBumpHunter's).
import: real LHC Olympics (Blosc HDF5 + masterkey), ADC2021 (Particles [N,19,4]) or Dark Machines
(CSV) files → DIR/public.h5, truth.h5, commitment.txt, as the server's import builds them.
--device auto|cpu|gpu: where pseudo-experiments and the autoencoder run (default: ARENA_DEVICE, else auto).
Exit codes: 0 success, 1 the input was read but is invalid, 2 bad command line.`;
