import { describe, expect, it, vi } from "vitest";
import { MAHALANOBIS_INPUTS } from "./mahalanobis";

// A "GPU" whose device allows only 1 KiB per buffer: the trainer must refuse it by name, and the
// baseline must fall back to the CPU with that reason instead of failing the job.
const tinyGpu = {
  limits: { maxStorageBufferBindingSize: 1024, maxBufferSize: 1024 },
} as unknown as GPUDevice;
vi.mock("@/scorer/compute/device", async (original) => ({
  ...(await original<typeof import("@/scorer/compute/device")>()),
  getDevice: async () => ({ kind: "gpu", adapter: "test: 1 KiB buffers", device: tinyGpu, software: false }),
}));

const { aeBaseline } = await import("./index");
const { trainAutoencoderGpu } = await import("./autoencoder-gpu");

describe("the autoencoder on a GPU that cannot hold the data", () => {
  it("refuses up front, naming the sizes", async () => {
    await expect(
      trainAutoencoderGpu(tinyGpu, new Float64Array(800), 100, 8, new Float32Array(428), {
        epochs: 1,
        batchSize: 64,
        learningRate: 1e-3,
      }),
    ).rejects.toThrow(
      "100 events × 8 inputs need 0.00320 MB in one GPU buffer; this device allows 0.00102 MB",
    );
  });

  it("falls back to the CPU (wasm) with the reason reported", async () => {
    const names = MAHALANOBIS_INPUTS.map((i) => i.feature);
    const n = 500;
    const features = Float64Array.from({ length: n * names.length }, (_, i) => 10 + ((i * 7919) % 101));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = await aeBaseline(features, names, n, { epochs: 1, batchSize: 128 });
    expect(r.backend).toBe("wasm");
    expect(r.device.device).toBe("cpu");
    expect(r.device.fallbackReason).toMatch(/^the GPU autoencoder failed: 500 events × 8 inputs need/);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("training on the CPU"));
    expect(r.scores).toHaveLength(n);
    warn.mockRestore();
  }, 60_000);
});
