import { describe, expect, it } from "vitest";
import {
  adapterName,
  describeDevice,
  deviceModeFromEnv,
  getDevice,
  hardwareGpuPossible,
  isSoftwareAdapter,
} from "./device";

describe("compute device", () => {
  it("reads ARENA_DEVICE", () => {
    expect(deviceModeFromEnv({})).toBe("auto");
    expect(deviceModeFromEnv({ ARENA_DEVICE: " GPU " })).toBe("gpu");
    expect(deviceModeFromEnv({ ARENA_DEVICE: "cpu" })).toBe("cpu");
    expect(() => deviceModeFromEnv({ ARENA_DEVICE: "tpu" })).toThrow(/auto, cpu or gpu/);
  });

  it("uses the CPU when asked, without a fallback reason", async () => {
    const d = await getDevice({ mode: "cpu" });
    expect(d).toEqual({ kind: "cpu" });
    expect(describeDevice(d)).toEqual({ device: "cpu" });
  });

  it("tells software adapters from hardware ones", () => {
    // adapter.info of Mesa 25 lavapipe through Dawn (webgpu 0.6.2)
    const lavapipe = {
      vendor: "mesa",
      architecture: "software",
      device: "llvmpipe-llvm-15-0-6-256-bits-",
      description: "llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1",
      isFallbackAdapter: true,
    };
    expect(isSoftwareAdapter(lavapipe)).toBe(true);
    expect(isSoftwareAdapter({ ...lavapipe, isFallbackAdapter: false })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "google", architecture: "swiftshader", description: "" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "nvidia", architecture: "hopper", description: "NVIDIA H100" })).toBe(
      false,
    );
    expect(adapterName(lavapipe as GPUAdapterInfo)).toBe(
      "mesa software: llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1",
    );
  });

  it("skips the probe on Linux only when no GPU device node exists", () => {
    const dev = (entries: Record<string, string[]>) => (dir: string) => entries[dir] ?? [];
    expect(hardwareGpuPossible("linux", dev({ "/dev": ["null", "tty0"] }))).toBe(false);
    // Mesa's card0 without a render node (a display-only or virtual adapter) does not count.
    expect(hardwareGpuPossible("linux", dev({ "/dev/dri": ["card0"] }))).toBe(false);
    expect(hardwareGpuPossible("linux", dev({ "/dev/dri": ["card0", "renderD128"] }))).toBe(true);
    expect(hardwareGpuPossible("linux", dev({ "/dev": ["nvidiactl", "nvidia0"] }))).toBe(true);
    expect(hardwareGpuPossible("linux", dev({ "/dev": ["dxg"] }))).toBe(true);
    expect(hardwareGpuPossible("darwin", dev({}))).toBe(true);
  });

  it("in auto mode takes a hardware GPU or falls back to the CPU with a reason, never throwing", async () => {
    const d = await getDevice({ mode: "auto", allowSoftware: false, log: false });
    if (d.kind === "gpu") expect(d.software).toBe(false);
    else expect(describeDevice(d).fallbackReason).toMatch(/./);
  });
});
