/*
 * The hot loops of the binned dijet fit (scorer/bumphunt/fit-kernel.ts is the API and lays out the
 * arrays in this module's memory; fit.ts drives the Newton steps), compiled to WebAssembly by
 * scripts/build-wasm.mjs into the committed fit-wasm.ts. Plain freestanding C: no libc, doubles
 * throughout, no fused multiply-add; exp and log are JavaScript's Math functions (imports). The fits
 * agree with the TypeScript these loops replaced to ~1e-11 (only the order of a few sums differs).
 * The refitted pseudo-experiments spend most of their time here: ~200 quadrature nodes per
 * likelihood evaluation, a few evaluations per fit, several fits per pseudo-experiment and cut.
 *
 * With ln f = θ_0 + Σ_k θ_k g_k and g fixed at every node (the table: TABLE_WIDTH values per node,
 * g_1 … g_5), a bin's integral is μ_i = e^θ_0 Σ_j w_j e^{θ·g_j} over its nodes (w_j in logW), and
 * averages over a bin weighted by f (ḡ_i, E_i[g gᵀ]) use each node's share w_j e^{θ·g_j} / Σ.
 */

#define EXPORT __attribute__((visibility("default")))
#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

IMPORT(exp) double js_exp(double);
IMPORT(log) double js_log(double);

#define TABLE_WIDTH 5
#define MAX_PARAMS (TABLE_WIDTH + 1)

/* Where the memory the caller lays out may start (after this module's data and stack). */
extern unsigned char __heap_base;
EXPORT unsigned heap_base(void) { return (unsigned)&__heap_base; }

static int finite(double x) { return x - x == 0; }

/*
 * ln μ_i of every bin at θ and each node's share of its bin's integral (share, one per node: the
 * weights of the bin averages in `derivatives`), then ln p0 profiled: θ_0 and every ln μ_i shifted so
 * that Σ μ = total over the fitted bins. Returns −ln L = Σ μ_i − n_i ln μ_i over the fitted bins
 * (Neumaier-compensated) and writes its rounding-noise scale Σ (μ_i + n_i)(1 + |ln μ_i|) to *scale.
 */
#define INLINE static inline __attribute__((always_inline))

INLINE double evaluate_n(const int npar, int nBins, const double *logW, const double *table,
                         const int *binStart, const double *counts, const unsigned char *fitted,
                         double total, double *theta, double *logMu, double *share, double *scale) {
  for (int i = 0; i < nBins; i++) {
    int a = binStart[i], b = binStart[i + 1];
    double max = -__builtin_inf();
    for (int j = a; j < b; j++) {
      double v = logW[j];
      const double *row = table + j * TABLE_WIDTH - 1;
      for (int k = 1; k < npar; k++) v += theta[k] * row[k];
      share[j] = v;
      if (v > max) max = v;
    }
    if (!finite(max)) {
      logMu[i] = max;
      for (int j = a; j < b; j++) share[j] = __builtin_nan("");
      continue;
    }
    double sum = 0;
    for (int j = a; j < b; j++) {
      double e = js_exp(share[j] - max);
      share[j] = e;
      sum += e;
    }
    for (int j = a; j < b; j++) share[j] = share[j] / sum;
    logMu[i] = theta[0] + max + js_log(sum);
  }
  double max = -__builtin_inf();
  for (int i = 0; i < nBins; i++)
    if (fitted[i] && logMu[i] > max) max = logMu[i];
  double sum = 0;
  for (int i = 0; i < nBins; i++)
    if (fitted[i]) sum += js_exp(logMu[i] - max);
  double shift = js_log(total) - (max + js_log(sum));
  theta[0] = theta[0] + shift;
  double nll = 0, comp = 0, noise = 0;
  for (int i = 0; i < nBins; i++) {
    logMu[i] = logMu[i] + shift;
    if (!fitted[i]) continue;
    double n = counts[i];
    double mu = js_exp(logMu[i]);
    double t = nll + mu;
    comp += __builtin_fabs(nll) >= mu ? nll - t + mu : mu - t + nll;
    nll = t;
    if (n > 0) {
      double x = -n * logMu[i];
      t = nll + x;
      comp += __builtin_fabs(nll) >= __builtin_fabs(x) ? nll - t + x : x - t + nll;
      nll = t;
    }
    noise += (mu + n) * (1 + __builtin_fabs(logMu[i]));
  }
  *scale = noise;
  return nll + comp;
}

/*
 * Gradient, observed Hessian and Fisher information of −ln L in θ over the fitted bins (npar and
 * npar × npar entries, row-major, both triangles). ∂μ_i = μ_i ḡ_i and ∂²μ_i = μ_i E_i[g gᵀ] (averages
 * over the bin's nodes weighted by share), hence ∇ = Σ (μ_i − n_i) ḡ_i,
 * H = Σ μ_i ḡ_i ḡ_iᵀ + Σ (μ_i − n_i) Cov_i(g) and I = Σ μ_i ḡ_i ḡ_iᵀ. Within a bin g varies by ~1 % of
 * its size, so Cov = E[g gᵀ] − ḡ ḡᵀ keeps ~12 of 16 digits: ample for Newton.
 */
INLINE void derivatives_n(const int npar, int nBins, const double *table, const int *binStart,
                          const double *share, const double *logMu, const double *counts,
                          const unsigned char *fitted, double *grad, double *hessian, double *fisher) {
  double mean[MAX_PARAMS], second[MAX_PARAMS * MAX_PARAMS];
  for (int k = 0; k < npar; k++) grad[k] = 0;
  for (int k = 0; k < npar * npar; k++) hessian[k] = fisher[k] = 0;
  for (int i = 0; i < nBins; i++) {
    if (!fitted[i]) continue;
    double mu = js_exp(logMu[i]);
    double r = mu - counts[i];
    for (int k = 0; k < npar; k++) mean[k] = 0;
    for (int k = 0; k < npar * npar; k++) second[k] = 0;
    for (int j = binStart[i]; j < binStart[i + 1]; j++) {
      const double *row = table + j * TABLE_WIDTH - 1;
      double w = share[j];
      for (int k = 1; k < npar; k++) {
        double wg = w * row[k];
        mean[k] += wg;
        for (int l = 1; l <= k; l++) second[k * npar + l] += wg * row[l];
      }
    }
    mean[0] = 1;
    for (int k = 0; k < npar; k++) {
      grad[k] += r * mean[k];
      for (int l = 0; l <= k; l++) {
        double f = mu * mean[k] * mean[l];
        double cov = k > 0 && l > 0 ? second[k * npar + l] - mean[k] * mean[l] : 0;
        fisher[k * npar + l] += f;
        hessian[k * npar + l] += f + r * cov;
      }
    }
  }
  for (int k = 0; k < npar; k++)
    for (int l = 0; l < k; l++) {
      fisher[l * npar + k] = fisher[k * npar + l];
      hessian[l * npar + k] = hessian[k * npar + l];
    }
}

/*
 * The exported passes: one copy of each per number of parameters (3–6), so that the loops over
 * parameters have constant bounds the compiler unrolls — the same operations in the same order.
 */
EXPORT double evaluate(int npar, int nBins, const double *logW, const double *table, const int *binStart,
                       const double *counts, const unsigned char *fitted, double total, double *theta,
                       double *logMu, double *share, double *scale) {
#define EVALUATE(n) evaluate_n(n, nBins, logW, table, binStart, counts, fitted, total, theta, logMu, share, scale)
  switch (npar) {
  case 3: return EVALUATE(3);
  case 4: return EVALUATE(4);
  case 5: return EVALUATE(5);
  default: return EVALUATE(6);
  }
}

EXPORT void derivatives(int npar, int nBins, const double *table, const int *binStart, const double *share,
                        const double *logMu, const double *counts, const unsigned char *fitted,
                        double *grad, double *hessian, double *fisher) {
#define DERIVATIVES(n) derivatives_n(n, nBins, table, binStart, share, logMu, counts, fitted, grad, hessian, fisher)
  switch (npar) {
  case 3: DERIVATIVES(3); break;
  case 4: DERIVATIVES(4); break;
  case 5: DERIVATIVES(5); break;
  default: DERIVATIVES(6); break;
  }
}
