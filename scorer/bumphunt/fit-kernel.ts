import { FIT_WASM_BASE64 } from "./wasm/fit-wasm";

/** What `wasm/fit.c` exports (pointers are byte offsets into `memory`). */
interface FitWasm {
  memory: WebAssembly.Memory;
  heap_base(): number;
  evaluate(
    npar: number,
    nBins: number,
    logW: number,
    table: number,
    binStart: number,
    counts: number,
    fitted: number,
    total: number,
    theta: number,
    logMu: number,
    share: number,
    scale: number,
  ): number;
  derivatives(
    npar: number,
    nBins: number,
    table: number,
    binStart: number,
    share: number,
    logMu: number,
    counts: number,
    fitted: number,
    grad: number,
    hessian: number,
    fisher: number,
  ): void;
}

/** g values per quadrature node in the table (g_1 … g_5 of the 6-parameter family). */
export const TABLE_WIDTH = 5;
const MAX_PARAMS = TABLE_WIDTH + 1;

const fitModule = new WebAssembly.Module(Buffer.from(FIT_WASM_BASE64, "base64"));
// Math's own functions, not wrappers: V8 calls them from WebAssembly as fast as from JavaScript, and
// the results are the same bits as the TypeScript these loops replaced.
const fitImports = { env: { exp: Math.exp, log: Math.log } };

/**
 * A point of the fit: θ (ln p0 profiled), ln μ_i of every bin, each node's share of its bin's
 * integral, −ln L without its ln n! constant, and the rounding-noise floor of −ln L. The arrays are
 * views of the kernel's memory: working space, overwritten by the next evaluation into the same point.
 */
export interface KernelPoint {
  readonly theta: Float64Array;
  readonly logMu: Float64Array;
  readonly share: Float64Array;
  nll: number;
  noise: number;
  /** Byte offsets of theta, logMu and share. */
  readonly at: { theta: number; logMu: number; share: number };
}

/**
 * The likelihood passes of the dijet fit over one bin layout, in WebAssembly (`wasm/fit.c`, built by
 * scripts/build-wasm.mjs): one instance per layout, whose memory holds the quadrature (ln of each
 * node's weight, the g table, where each bin's nodes start), the counts and fitted-bin mask of the
 * problem loaded last, three points, the gradient, observed Hessian and Fisher information. About twice as fast as
 * the same loops in TypeScript. One fit at a time per thread: `load` the problem, then evaluate.
 */
export class FitKernel {
  private readonly wasm: FitWasm;
  private readonly nodes: number;
  private readonly off: {
    logW: number;
    table: number;
    binStart: number;
    counts: number;
    fitted: number;
    grad: number;
    hessian: number;
    fisher: number;
    scale: number;
  };
  private readonly scale: Float64Array;
  private readonly counts: Float64Array;
  private readonly fitted: Uint8Array;
  /** Working points: the current one, a trial, and one for a covariance computed later. */
  readonly points: [KernelPoint, KernelPoint, KernelPoint];
  /** ∇, the observed Hessian and the Fisher information of the last `derivatives` (npar × npar, row-major). */
  readonly grad: Float64Array;
  readonly hessian: Float64Array;
  readonly fisher: Float64Array;
  private npar = 0;
  private total = 0;

  constructor(
    readonly nBins: number,
    binStart: Int32Array,
    logWeight: Float64Array,
    table: Float64Array,
  ) {
    this.nodes = logWeight.length;
    this.wasm = new WebAssembly.Instance(fitModule, fitImports).exports as unknown as FitWasm;
    let at = Math.ceil(this.wasm.heap_base() / 8) * 8;
    const take = (bytes: number) => {
      const start = at;
      at += Math.ceil(bytes / 8) * 8;
      return start;
    };
    const f64 = 8;
    this.off = {
      logW: take(this.nodes * f64),
      table: take(this.nodes * TABLE_WIDTH * f64),
      binStart: take((nBins + 1) * 4),
      counts: take(nBins * f64),
      fitted: take(nBins),
      grad: take(MAX_PARAMS * f64),
      hessian: take(MAX_PARAMS * MAX_PARAMS * f64),
      fisher: take(MAX_PARAMS * MAX_PARAMS * f64),
      scale: take(f64),
    };
    const pointAt = () => ({
      theta: take(MAX_PARAMS * f64),
      logMu: take(nBins * f64),
      share: take(this.nodes * f64),
    });
    const pointOffsets = [pointAt(), pointAt(), pointAt()];
    const memory = this.wasm.memory;
    const pages = Math.ceil(at / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    const buffer = memory.buffer;
    new Float64Array(buffer, this.off.logW, this.nodes).set(logWeight);
    new Float64Array(buffer, this.off.table, this.nodes * TABLE_WIDTH).set(table);
    new Int32Array(buffer, this.off.binStart, nBins + 1).set(binStart);
    this.counts = new Float64Array(buffer, this.off.counts, nBins);
    this.fitted = new Uint8Array(buffer, this.off.fitted, nBins);
    this.grad = new Float64Array(buffer, this.off.grad, MAX_PARAMS);
    this.hessian = new Float64Array(buffer, this.off.hessian, MAX_PARAMS * MAX_PARAMS);
    this.fisher = new Float64Array(buffer, this.off.fisher, MAX_PARAMS * MAX_PARAMS);
    this.scale = new Float64Array(buffer, this.off.scale, 1);
    this.points = pointOffsets.map((p) => ({
      theta: new Float64Array(buffer, p.theta, MAX_PARAMS),
      logMu: new Float64Array(buffer, p.logMu, nBins),
      share: new Float64Array(buffer, p.share, this.nodes),
      nll: Number.NaN,
      noise: Number.NaN,
      at: p,
    })) as FitKernel["points"];
  }

  /** The problem every following evaluation is of: counts, fitted bins, parameters and Σ n (fitted). */
  load(counts: ArrayLike<number>, fitted: Uint8Array, npar: number, total: number): void {
    this.counts.set(counts);
    this.fitted.set(fitted);
    this.npar = npar;
    this.total = total;
  }

  /**
   * The point at θ (npar values; ln p0 is then profiled) into `out`: every bin's ln μ_i, each node's
   * share of its bin, and −ln L = Σ μ_i − n_i ln μ_i over the fitted bins (wasm/fit.c `evaluate`).
   */
  evaluate(thetaIn: ArrayLike<number>, out: KernelPoint): KernelPoint {
    const theta = out.theta;
    theta.fill(0);
    for (let k = 0; k < this.npar; k++) theta[k] = thetaIn[k]!;
    const o = this.off;
    out.nll = this.wasm.evaluate(
      this.npar,
      this.nBins,
      o.logW,
      o.table,
      o.binStart,
      o.counts,
      o.fitted,
      this.total,
      out.at.theta,
      out.at.logMu,
      out.at.share,
      o.scale,
    );
    out.noise = 10 * Number.EPSILON * this.scale[0]!;
    return out;
  }

  /**
   * ∇, the observed Hessian and the Fisher information of −ln L over the fitted bins at `point`
   * (wasm/fit.c `derivatives`), into grad, hessian and fisher.
   */
  derivatives(point: KernelPoint): void {
    const o = this.off;
    this.wasm.derivatives(
      this.npar,
      this.nBins,
      o.table,
      o.binStart,
      point.at.share,
      point.at.logMu,
      o.counts,
      o.fitted,
      o.grad,
      o.hessian,
      o.fisher,
    );
  }
}
