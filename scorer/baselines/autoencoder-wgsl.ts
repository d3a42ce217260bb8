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

/** One dense layer: nIn → nOut, kernel [nIn][nOut] row-major at `w` and bias at `b` in the weights. */
interface Layer {
  nIn: number;
  nOut: number;
  w: number;
  b: number;
}

/**
 * The network for k inputs, from which everything else is derived: its layers in the flat weight
 * layout, the parameter count, and the scratch rows per event — the hidden activations a1, a2, a3
 * (the inputs of layers 2–4), then the deltas of every layer's output, then the event's loss.
 */
function network(k: number) {
  const dims = [k, HIDDEN, LATENT, HIDDEN, k];
  const layers: Layer[] = [];
  let at = 0;
  for (let l = 0; l < 4; l++) {
    const nIn = dims[l]!;
    const nOut = dims[l + 1]!;
    layers.push({ nIn, nOut, w: at, b: at + nIn * nOut });
    at += nIn * nOut + nOut;
  }
  const actRow: number[] = []; // actRow[l]: first scratch row of layer l's input (l ≥ 1)
  const deltaRow: number[] = []; // deltaRow[l]: first scratch row of layer l's output delta
  let row = 0;
  for (let l = 1; l < 4; l++) {
    actRow[l] = row;
    row += dims[l]!;
  }
  for (let l = 0; l < 4; l++) {
    deltaRow[l] = row;
    row += dims[l + 1]!;
  }
  return { layers, parameters: at, actRow, deltaRow, lossRow: row, rows: row + 1 };
}

/** Number of trainable parameters for k inputs: 33k + 164 (8 inputs: 428). */
export function parameterCount(k: number): number {
  return network(k).parameters;
}

/** Scratch rows per event: a1 (16), a2 (4), a3 (16), d1 (16), d2 (4), d3 (16), d4 (k), loss (1). */
export function scratchRows(k: number): number {
  return network(k).rows;
}

// The parameter → (activation row, delta row) table that `reduce` reads: a row of the scratch table,
// ONE for a bias (activation 1), or X + column for the first layer's inputs (read from x itself).
const ONE = 0xffff;
const X = 0x8000;

/** For parameter p: (activation code << 16) | delta row. The last entry (index P) is the loss sum. */
export function reduceTerms(k: number): Uint32Array<ArrayBuffer> {
  const net = network(k);
  const out: number[] = [];
  net.layers.forEach((L, l) => {
    const dRow = net.deltaRow[l]!;
    const inRow = l === 0 ? X : net.actRow[l]!;
    for (let i = 0; i < L.nIn; i++)
      for (let j = 0; j < L.nOut; j++) out.push(((inRow + i) << 16) | (dRow + j));
    for (let j = 0; j < L.nOut; j++) out.push((ONE << 16) | (dRow + j));
  });
  out.push((ONE << 16) | net.lossRow);
  return Uint32Array.from(out);
}

// Names of the per-invocation arrays: ACT[l] is layer l's input (ACT[4] the output), DELTA[l] the
// delta of layer l's output.
const ACT = ["xi", "a1", "a2", "a3", "y"];
const DELTA = ["d1", "d2", "d3", "d4"];

/** WGSL for layer l's forward pass: ACT[l + 1] = act(ACT[l] · W + b), ReLU except the last layer. */
function denseForward(L: Layer, l: number): string {
  const acc = l < 3 ? "max(acc, 0.0)" : "acc";
  return `
  for (var j = 0u; j < ${L.nOut}u; j++) {
    var acc = w[${L.b}u + j];
    for (var i = 0u; i < ${L.nIn}u; i++) { acc += ${ACT[l]}[i] * w[${L.w}u + i * ${L.nOut}u + j]; }
    ${ACT[l + 1]}[j] = ${acc};
  }`;
}

/**
 * WGSL for back-propagating layer l's output delta to its input (l ≥ 1): DELTA[l − 1] =
 * (DELTA[l] · Wᵀ) ⊙ [ACT[l] > 0]; that delta and the activation go to the scratch table.
 */
function denseBackward(L: Layer, l: number, net: ReturnType<typeof network>): string {
  const d = DELTA[l - 1]!;
  const a = ACT[l]!;
  return `
  var ${d}: array<f32, ${L.nIn}>;
  for (var j = 0u; j < ${L.nIn}u; j++) {
    var acc = 0.0;
    for (var i = 0u; i < ${L.nOut}u; i++) { acc += ${DELTA[l]}[i] * w[${L.w}u + j * ${L.nOut}u + i]; }
    ${d}[j] = select(0.0, acc, ${a}[j] > 0.0);
    s[(${net.deltaRow[l - 1]}u + j) * B + e] = ${d}[j];
    s[(${net.actRow[l]}u + j) * B + e] = ${a}[j];
  }`;
}

/**
 * The shader for k inputs. Bindings: 0 params (uniform), 1 x [n][k], 2 w = weights | Adam m | Adam v,
 * 3 scratch [rows][batch], 4 aux = gradients [P] | batch loss sum | epoch loss sums, 5 state
 * (step, β1ᵗ, β2ᵗ), 6 reduce terms, 7 scores [n].
 */
export function autoencoderSource(k: number): string {
  const net = network(k);
  const { layers } = net;
  return /* wgsl */ `
const K: u32 = ${k}u;
const P: u32 = ${net.parameters}u;
const RD4: u32 = ${net.deltaRow[3]}u;
const RLOSS: u32 = ${net.lossRow}u;

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
  for (var i = 0u; i < K; i++) { xi[i] = x[row * K + i]; }${layers.map(denseForward).join("")}
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
  s[RLOSS * B + e] = loss / f32(K);${[3, 2, 1].map((l) => denseBackward(layers[l]!, l, net)).join("")}
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
