import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { npyBytes } from "@/core/formats/npy";
import { aeBaseline, mahalanobisBaseline, SCORE_BASELINES } from "@/scorer/baselines";
import { readPublicFeatures } from "@/scorer/baselines/public-file";
import { applyDeviceFlag, flags, readBytes } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena baseline METHOD --features PUBLIC.h5 --out SCORES.npy`: a score baseline computed offline
 * exactly as the server computes it, written as the server stores it — float64 .npy [N] in the
 * public file's event order (same bytes, same SHA-256) — ready for `arena evaluate --scores` or
 * an upload. Methods: `mahalanobis`, `ae` (dense autoencoder; `--epochs N`, `--device auto|cpu|gpu`:
 * the WGSL trainer on a GPU, TensorFlow.js's wasm backend on the CPU).
 */
export const baselineCommand: Command = async (argv) => {
  const [method, ...rest] = argv;
  const known = Object.keys(SCORE_BASELINES);
  if (!method || method.startsWith("--"))
    throw new UsageError(
      `give the method first: arena baseline ${known.join("|")} --features PUBLIC.h5 --out SCORES.npy`,
    );
  if (!(method in SCORE_BASELINES))
    throw new UsageError(`unknown baseline "${method}"; available: ${known.join(", ")}`);
  const f = flags(
    rest,
    {
      features: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      epochs: { type: "string" },
      device: { type: "string" },
    },
    ["features", "out"],
  );
  applyDeviceFlag(f.device);
  const epochs = f.epochs === undefined ? 20 : Number(f.epochs);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new UsageError(`--epochs must be a positive integer, got "${f.epochs}"`);
  if (method === "ae") return aeCommand(f.features!, f.out!, epochs, f.json === true);
  const t0 = performance.now();
  const pf = await readPublicFeatures(readBytes(f.features!, "features"), path.basename(f.features!));
  const t1 = performance.now();
  const result = mahalanobisBaseline(pf.features, pf.names, pf.n);
  const seconds = (performance.now() - t1) / 1000;
  const bytes = npyBytes(result.scores, [pf.n]);
  fs.mkdirSync(path.dirname(path.resolve(f.out!)), { recursive: true });
  fs.writeFileSync(f.out!, bytes);
  const json = {
    baseline: method,
    method: SCORE_BASELINES[method as keyof typeof SCORE_BASELINES].method,
    events: pf.n,
    inputs: result.inputs,
    nFit: result.nFit,
    mean: Array.from(result.mean),
    covariance: Array.from(result.covariance),
    out: f.out,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    device: "cpu",
    seconds,
    readSeconds: (t1 - t0) / 1000,
  };
  return {
    json,
    text: [
      `${method}: ${pf.n} events → ${f.out} (float64 .npy, public-file order)`,
      `inputs: ${result.inputs.join(", ")}`,
      `sha256 ${json.sha256}`,
      `${seconds.toFixed(2)} s on cpu (reading ${json.readSeconds.toFixed(2)} s)`,
    ].join("\n"),
    asJson: f.json === true,
  };
};

async function aeCommand(features: string, out: string, epochs: number, asJson: boolean) {
  const t0 = performance.now();
  const pf = await readPublicFeatures(readBytes(features, "features"), path.basename(features));
  const readSeconds = (performance.now() - t0) / 1000;
  const r = await aeBaseline(pf.features, pf.names, pf.n, { epochs });
  const bytes = npyBytes(r.scores, [pf.n]);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, bytes);
  const json = {
    baseline: "ae",
    method: SCORE_BASELINES.ae.method,
    events: pf.n,
    inputs: r.inputs,
    epochs,
    losses: r.losses,
    backend: r.backend,
    ...r.device,
    out,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    trainSeconds: r.trainSeconds,
    inferSeconds: r.inferSeconds,
    readSeconds,
  };
  const where = r.device.device === "gpu" ? `gpu (${r.device.adapter})` : "cpu";
  return {
    json,
    text: [
      `ae: ${pf.n} events → ${out} (float64 .npy, public-file order)`,
      `inputs: ${r.inputs.join(", ")}; ${epochs} epochs on ${where}, ${r.backend === "webgpu" ? "WGSL trainer" : `TensorFlow.js ${r.backend} backend`}`,
      `loss: ${r.losses.map((l) => l.toPrecision(4)).join(" → ")}`,
      `sha256 ${json.sha256}`,
      `train ${r.trainSeconds.toFixed(2)} s, infer ${r.inferSeconds.toFixed(2)} s (reading ${readSeconds.toFixed(2)} s)`,
    ].join("\n"),
    asJson,
  };
}
