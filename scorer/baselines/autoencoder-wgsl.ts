/**
 * WGSL for the dense autoencoder k → 16 → 4 → 16 → k (ReLU, linear output, mean squared error,
 * Adam): one training step is three dispatches, and a whole epoch is one compute pass.
 *
 * Why not TensorFlow.js's webgpu backend: the network is tiny, so a step is a few hundred small
 * kernels whose launch and readback cost dominates — measured on an H100, ~76 ms per mini-batch,
 * ~400 s for 1M events × 20 epochs. Here a step is:
 * 1. `backprop` (one thread per event of the batch): forward pass, the MSE gradient and its
 *    back-propagation; each event's activations and deltas go to a scratch table [row][event];
 * 2. `reduce` (one workgroup per parameter, plus one for the loss): Σ over the batch of
 *    activation × delta (∂L/∂W) or delta (∂L/∂b), a tree sum in workgroup memory;
 * 3. `adam` (one workgroup): TensorFlow.js's Adam update (tfjs-core adam_optimizer.js: m̂ = m/(1−β1ᵗ),
 *    v̂ = v/(1−β2ᵗ), w −= lr · m̂/(√v̂ + ε), β1ᵗ and β2ᵗ kept as running f32 products), then the step
 *    counter and the epoch's loss sum.
 * The batch a step works on comes from the step counter on the device, so the host records the
 * dispatches of an epoch once and reads back only the epoch's loss. Dispatches in one pass are
 * ordered by WebGPU's storage-buffer synchronisation, so no step sees a half-updated weight.
 * Weights are f32 in TensorFlow.js's layout (kernel [in][out] row-major, then bias), per layer.
 */

export const HIDDEN = 16;
export const LATENT = 4;
export const WORKGROUP = 64;
export const REDUCE_WORKGROUP = 256;

/** Number of trainable parameters for k inputs: 33k + 164 (8 inputs: 428). */
export function parameterCount(k: number): number {
  return k * HIDDEN + HIDDEN + HIDDEN * LATENT + LATENT + LATENT * HIDDEN + HIDDEN + HIDDEN * k + k;
}

/** Scratch rows per event: a1 (16), a2 (4), a3 (16), d1 (16), d2 (4), d3 (16), d4 (k), loss (1). */
export function scratchRows(k: number): number {
  return 3 * HIDDEN + LATENT + 2 * HIDDEN + LATENT + k + 1;
}

// The parameter → (activation row, delta row) table that `reduce` reads: a row of the scratch table,
// ONE for a bias (activation 1), or X + column for the first layer's inputs (read from x itself).
const ONE = 0xffff;
const X = 0x8000;

/** For parameter p: (activation code << 16) | delta row. The last entry (index P) is the loss sum. */
export function reduceTerms(k: number): Uint32Array<ArrayBuffer> {
  const r = rows(k);
  const out: number[] = [];
  const dense = (inRow: (i: number) => number, nIn: number, dRow: number, nOut: number) => {
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) out.push((inRow(i) << 16) | (dRow + j));
    for (let j = 0; j < nOut; j++) out.push((ONE << 16) | (dRow + j));
  };
  dense((i) => X + i, k, r.D1, HIDDEN);
  dense((i) => r.A1 + i, HIDDEN, r.D2, LATENT);
  dense((i) => r.A2 + i, LATENT, r.D3, HIDDEN);
  dense((i) => r.A3 + i, HIDDEN, r.D4, k);
  out.push((ONE << 16) | r.LOSS);
  return Uint32Array.from(out);
}

function rows(k: number) {
  const A1 = 0;
  const A2 = A1 + HIDDEN;
  const A3 = A2 + LATENT;
  const D1 = A3 + HIDDEN;
  const D2 = D1 + HIDDEN;
  const D3 = D2 + LATENT;
  const D4 = D3 + HIDDEN;
  return { A1, A2, A3, D1, D2, D3, D4, LOSS: D4 + k };
}

/**
 * The shader for k inputs. Bindings: 0 params (uniform), 1 x [n][k], 2 w = weights | Adam m | Adam v,
 * 3 scratch [rows][batch], 4 aux = gradients [P] | batch loss sum | epoch loss sums, 5 state
 * (step, β1ᵗ, β2ᵗ), 6 reduce terms, 7 scores [n].
 */
export function autoencoderSource(k: number): string {
  const r = rows(k);
  const P = parameterCount(k);
  return /* wgsl */ `
const K: u32 = ${k}u;
const H: u32 = ${HIDDEN}u;
const Z: u32 = ${LATENT}u;
const P: u32 = ${P}u;
const OW1: u32 = 0u;
const OB1: u32 = OW1 + K * H;
const OW2: u32 = OB1 + H;
const OB2: u32 = OW2 + H * Z;
const OW3: u32 = OB2 + Z;
const OB3: u32 = OW3 + Z * H;
const OW4: u32 = OB3 + H;
const OB4: u32 = OW4 + H * K;
const RA1: u32 = ${r.A1}u;
const RA2: u32 = ${r.A2}u;
const RA3: u32 = ${r.A3}u;
const RD1: u32 = ${r.D1}u;
const RD2: u32 = ${r.D2}u;
const RD3: u32 = ${r.D3}u;
const RD4: u32 = ${r.D4}u;
const RLOSS: u32 = ${r.LOSS}u;

struct Params {
  n: u32, batch: u32, nb: u32, _pad: u32,
  lr: f32, beta1: f32, beta2: f32, eps: f32,
  oneMinusBeta1: f32, oneMinusBeta2: f32, _p2: f32, _p3: f32,
}
struct State { step: u32, acc1: f32, acc2: f32, _pad: u32 }

@group(0) @binding(0) var<uniform> prm: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> s: array<f32>;
@group(0) @binding(4) var<storage, read_write> aux: array<f32>;
@group(0) @binding(5) var<storage, read_write> st: State;
@group(0) @binding(6) var<storage, read> terms: array<u32>;
@group(0) @binding(7) var<storage, read_write> scores: array<f32>;

var<private> xi: array<f32, ${k}>;
var<private> a1: array<f32, ${HIDDEN}>;
var<private> a2: array<f32, ${LATENT}>;
var<private> a3: array<f32, ${HIDDEN}>;
var<private> y: array<f32, ${k}>;

fn forward(row: u32) {
  for (var i = 0u; i < K; i++) { xi[i] = x[row * K + i]; }
  for (var j = 0u; j < H; j++) {
    var acc = w[OB1 + j];
    for (var i = 0u; i < K; i++) { acc += xi[i] * w[OW1 + i * H + j]; }
    a1[j] = max(acc, 0.0);
  }
  for (var j = 0u; j < Z; j++) {
    var acc = w[OB2 + j];
    for (var i = 0u; i < H; i++) { acc += a1[i] * w[OW2 + i * Z + j]; }
    a2[j] = max(acc, 0.0);
  }
  for (var j = 0u; j < H; j++) {
    var acc = w[OB3 + j];
    for (var i = 0u; i < Z; i++) { acc += a2[i] * w[OW3 + i * H + j]; }
    a3[j] = max(acc, 0.0);
  }
  for (var j = 0u; j < K; j++) {
    var acc = w[OB4 + j];
    for (var i = 0u; i < H; i++) { acc += a3[i] * w[OW4 + i * K + j]; }
    y[j] = acc;
  }
}

// (first row, rows) of the batch of the current step; the last batch of an epoch may be short.
fn batchRange() -> vec2<u32> {
  let off = (st.step % prm.nb) * prm.batch;
  return vec2<u32>(off, min(prm.batch, prm.n - off));
}

@compute @workgroup_size(${WORKGROUP})
fn backprop(@builtin(global_invocation_id) gid: vec3<u32>) {
  let br = batchRange();
  let e = gid.x;
  if (e >= br.y) { return; }
  forward(br.x + e);
  let B = prm.batch;
  // L = mean over the batch of the mean over the k outputs of (y − x)²: ∂L/∂y = 2 (y − x) / (rows k).
  let scale = 2.0 / f32(br.y * K);
  var d4: array<f32, ${k}>;
  var loss = 0.0;
  for (var i = 0u; i < K; i++) {
    let r = y[i] - xi[i];
    loss += r * r;
    d4[i] = scale * r;
    s[(RD4 + i) * B + e] = d4[i];
  }
  s[RLOSS * B + e] = loss / f32(K);
  var d3: array<f32, ${HIDDEN}>;
  for (var j = 0u; j < H; j++) {
    var acc = 0.0;
    for (var i = 0u; i < K; i++) { acc += d4[i] * w[OW4 + j * K + i]; }
    d3[j] = select(0.0, acc, a3[j] > 0.0);
    s[(RD3 + j) * B + e] = d3[j];
    s[(RA3 + j) * B + e] = a3[j];
  }
  var d2: array<f32, ${LATENT}>;
  for (var j = 0u; j < Z; j++) {
    var acc = 0.0;
    for (var i = 0u; i < H; i++) { acc += d3[i] * w[OW3 + j * H + i]; }
    d2[j] = select(0.0, acc, a2[j] > 0.0);
    s[(RD2 + j) * B + e] = d2[j];
    s[(RA2 + j) * B + e] = a2[j];
  }
  for (var j = 0u; j < H; j++) {
    var acc = 0.0;
    for (var i = 0u; i < Z; i++) { acc += d2[i] * w[OW2 + j * Z + i]; }
    s[(RD1 + j) * B + e] = select(0.0, acc, a1[j] > 0.0);
    s[(RA1 + j) * B + e] = a1[j];
  }
}

var<workgroup> part: array<f32, ${REDUCE_WORKGROUP}>;

@compute @workgroup_size(${REDUCE_WORKGROUP})
fn reduce(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let p = wid.x;
  let br = batchRange();
  let B = prm.batch;
  let code = terms[p];
  let ar = code >> 16u;
  let dr = code & 0xffffu;
  var acc = 0.0;
  for (var e = t; e < br.y; e += ${REDUCE_WORKGROUP}u) {
    var a = 1.0;
    if (ar == ${ONE}u) {
      a = 1.0;
    } else if (ar >= ${X}u) {
      a = x[(br.x + e) * K + (ar - ${X}u)];
    } else {
      a = s[ar * B + e];
    }
    acc += a * s[dr * B + e];
  }
  part[t] = acc;
  workgroupBarrier();
  for (var h = ${REDUCE_WORKGROUP / 2}u; h > 0u; h >>= 1u) {
    if (t < h) { part[t] += part[t + h]; }
    workgroupBarrier();
  }
  if (t == 0u) { aux[p] = part[0]; }
}

@compute @workgroup_size(${REDUCE_WORKGROUP})
fn adam(@builtin(local_invocation_index) t: u32) {
  let step = st.step;
  let acc1 = st.acc1;
  let acc2 = st.acc2;
  let c1 = 1.0 - acc1;
  let c2 = 1.0 - acc2;
  for (var p = t; p < P; p += ${REDUCE_WORKGROUP}u) {
    let g = aux[p];
    let m = w[P + p] * prm.beta1 + g * prm.oneMinusBeta1;
    let v = w[2u * P + p] * prm.beta2 + (g * g) * prm.oneMinusBeta2;
    w[P + p] = m;
    w[2u * P + p] = v;
    w[p] = ((m / c1) / (sqrt(v / c2) + prm.eps)) * (-prm.lr) + w[p];
  }
  // Every invocation has read the state above before invocation 0 moves it on.
  storageBarrier();
  workgroupBarrier();
  if (t == 0u) {
    let epoch = step / prm.nb;
    aux[P + 1u + epoch] += aux[P];
    st.step = step + 1u;
    st.acc1 = acc1 * prm.beta1;
    st.acc2 = acc2 * prm.beta2;
  }
}

@compute @workgroup_size(${REDUCE_WORKGROUP})
fn infer(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  for (var e = gid.x; e < prm.n; e += nw.x * ${REDUCE_WORKGROUP}u) {
    forward(e);
    var loss = 0.0;
    for (var i = 0u; i < K; i++) {
      let r = y[i] - xi[i];
      loss += r * r;
    }
    scores[e] = loss / f32(K);
  }
}
`;
}
