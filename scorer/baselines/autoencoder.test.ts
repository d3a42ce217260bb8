import { describe, expect, it } from "vitest";
import { getDevice } from "@/scorer/compute/device";
import { trainAutoencoder } from "./autoencoder";
import { aeBaseline } from "./index";
import { MAHALANOBIS_INPUTS } from "./mahalanobis";

/** 8 features on a 2-dimensional bulk (pairs of copies + noise), plus 1% of uncorrelated events. */
function sample(n: number): { x: Float64Array; outlier: Uint8Array } {
  let s = 12345;
  const u = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const x = new Float64Array(n * 8);
  const outlier = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = g();
    const b = g();
    outlier[i] = i % 100 === 0 ? 1 : 0;
    for (let j = 0; j < 8; j++) x[i * 8 + j] = (j % 2 ? a : b) + 0.1 * g();
    if (outlier[i]) for (let j = 0; j < 8; j++) x[i * 8 + j] = 1.5 * g();
  }
  return { x, outlier };
}

describe("trainAutoencoder", () => {
  const { x, outlier } = sample(20_000);
  it("learns (loss falls), scores events off the bulk higher, and is reproducible on the wasm backend", async () => {
    const a = await trainAutoencoder(x, 20_000, 8, { epochs: 8, batchSize: 512, backend: "wasm" });
    expect(a.backend).toBe("wasm");
    expect(a.losses).toHaveLength(8);
    expect(a.losses[7]!).toBeLessThan(0.8 * a.losses[0]!);
    let inl = 0;
    let out = 0;
    for (let i = 0; i < 20_000; i++) {
      if (outlier[i]) out += a.scores[i]!;
      else inl += a.scores[i]!;
    }
    expect(out / 200).toBeGreaterThan(2 * (inl / 19_800));
    const b = await trainAutoencoder(x, 20_000, 8, { epochs: 8, batchSize: 512, backend: "wasm" });
    expect(b.losses).toEqual(a.losses);
    expect(b.scores).toEqual(a.scores);
  }, 120_000);

  it("gives the same losses on the plain-JS cpu backend as on wasm (to float32 rounding)", async () => {
    const w = await trainAutoencoder(x, 20_000, 8, { epochs: 3, batchSize: 512, backend: "wasm" });
    const c = await trainAutoencoder(x, 20_000, 8, { epochs: 3, batchSize: 512, backend: "cpu" });
    for (const [i, l] of w.losses.entries()) expect(Math.abs(l / c.losses[i]! - 1)).toBeLessThan(1e-3);
  }, 120_000);
});

// The WGSL trainer on whatever WebGPU adapter there is (lavapipe in CI, a GPU on a GPU machine),
// against TensorFlow.js on the CPU: same initial weights, batches, loss and Adam, so the same numbers
// to float32 rounding.
const gpu = await getDevice({ mode: "gpu", allowSoftware: true, log: false });

/** Largest |a − b| / (b + 10⁻³) over the events: reconstruction errors compared as relative numbers. */
function worstScoreDeviation(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (b[i]! + 1e-3));
  return worst;
}

describe.skipIf(gpu.kind !== "gpu")(
  `trainAutoencoder on WebGPU (${gpu.kind === "gpu" ? gpu.adapter : "no adapter"})`,
  () => {
    it("trains with the losses and scores of the wasm backend (float32 rounding)", async () => {
      const { x } = sample(20_000);
      const w = await trainAutoencoder(x, 20_000, 8, { epochs: 3, batchSize: 2048, backend: "wasm" });
      const epochs: number[] = [];
      const g = await trainAutoencoder(x, 20_000, 8, {
        epochs: 3,
        batchSize: 2048,
        backend: "webgpu",
        onEpoch: (e) => void epochs.push(e),
      });
      expect(g.backend).toBe("webgpu");
      expect(epochs).toEqual([1, 2, 3]);
      for (const [i, l] of g.losses.entries()) expect(Math.abs(l / w.losses[i]! - 1)).toBeLessThan(1e-4);
      expect(worstScoreDeviation(g.scores, w.scores)).toBeLessThan(1e-3);
    }, 180_000);

    it("aeBaseline trains on it and reports it; a failing progress callback stops it (no CPU retry)", async () => {
      const saved = process.env.ARENA_GPU_ALLOW_SOFTWARE;
      process.env.ARENA_GPU_ALLOW_SOFTWARE = "1"; // auto mode may use a software adapter
      try {
        const names = MAHALANOBIS_INPUTS.map((i) => i.feature);
        const n = 2000;
        const features = Float64Array.from({ length: n * names.length }, (_, i) => 10 + ((i * 7919) % 101));
        const r = await aeBaseline(features, names, n, { epochs: 2, batchSize: 256 });
        expect(r.backend).toBe("webgpu");
        expect(r.device).toEqual({ device: "gpu", adapter: gpu.kind === "gpu" ? gpu.adapter : "" });
        const epochs: number[] = [];
        const failing = aeBaseline(features, names, n, {
          epochs: 3,
          batchSize: 256,
          onEpoch: (e) => {
            epochs.push(e);
            throw new Error("the job's lease was lost");
          },
        });
        await expect(failing).rejects.toThrow("the job's lease was lost");
        expect(epochs).toEqual([1]);
      } finally {
        if (saved === undefined) delete process.env.ARENA_GPU_ALLOW_SOFTWARE;
        else process.env.ARENA_GPU_ALLOW_SOFTWARE = saved;
      }
    }, 120_000);

    it("handles any input width and a short last batch (5 inputs, 3001 events, batches of 512)", async () => {
      const { x: x8 } = sample(3001);
      const x = new Float64Array(3001 * 5);
      for (let i = 0; i < 3001; i++) for (let j = 0; j < 5; j++) x[i * 5 + j] = x8[i * 8 + j]!;
      const opts = { epochs: 4, batchSize: 512, learningRate: 1e-2 };
      const c = await trainAutoencoder(x, 3001, 5, { ...opts, backend: "cpu" });
      const g = await trainAutoencoder(x, 3001, 5, { ...opts, backend: "webgpu" });
      expect(g.losses[3]!).toBeLessThan(0.9 * g.losses[0]!);
      for (const [i, l] of g.losses.entries()) expect(Math.abs(l / c.losses[i]! - 1)).toBeLessThan(1e-4);
      expect(worstScoreDeviation(g.scores, c.scores)).toBeLessThan(1e-3);
    }, 180_000);
  },
);
