import gammaln from "@stdlib/math-base-special-gammaln";

/** Source of uniform doubles in [0, 1). */
export interface Uniform {
  uniform(): number;
}

/** Below this mean we sample by inversion, above by PTRS (numpy uses the same split). */
const PTRS_FROM = 10;

/**
 * Exact Poisson(λ) sampler for one fixed λ, its constants computed once (a pseudo-experiment draws
 * every bin from the same background, so each bin keeps its sampler):
 * - λ < 10: sequential-search inversion of the CDF (Devroye 1986, §X.3.2);
 * - λ ≥ 10: PTRS, transformed rejection with squeeze, W. Hörmann, "The transformed rejection method
 *   for generating Poisson random variables", Insurance: Math. & Econ. 12 (1993) 39–45 — the same
 *   algorithm and constants as numpy's `random_poisson_ptrs`.
 */
export class PoissonSampler {
  private readonly lam: number;
  private readonly expNegLam: number;
  private readonly logLam: number = 0;
  private readonly a: number = 0;
  private readonly b: number = 0;
  private readonly logInvAlpha: number = 0;
  private readonly vr: number = 0;

  constructor(lam: number) {
    if (!(lam >= 0) || !Number.isFinite(lam))
      throw new RangeError(`Poisson mean must be finite ≥ 0, got ${lam}`);
    this.lam = lam;
    this.expNegLam = Math.exp(-lam);
    if (lam >= PTRS_FROM) {
      this.logLam = Math.log(lam);
      this.b = 0.931 + 2.53 * Math.sqrt(lam);
      this.a = -0.059 + 0.02483 * this.b;
      this.logInvAlpha = Math.log(1.1239 + 1.1328 / (this.b - 3.4));
      this.vr = 0.9277 - 3.6224 / (this.b - 2);
    }
  }

  sample(rng: Uniform): number {
    const lam = this.lam;
    if (lam < PTRS_FROM) {
      if (lam === 0) return 0;
      const u = rng.uniform();
      let k = 0;
      let p = this.expNegLam;
      let cdf = p;
      // The cap only guards against cdf rounding to just below u ≈ 1; Pr[k > 200 | λ < 10] ≈ 0.
      while (u > cdf && k < 200) {
        k++;
        p *= lam / k;
        cdf += p;
      }
      return k;
    }
    for (;;) {
      const u = rng.uniform() - 0.5;
      const v = rng.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * this.a) / us + this.b) * u + lam + 0.43);
      if (us >= 0.07 && v <= this.vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + this.logInvAlpha - Math.log(this.a / (us * us) + this.b) <=
        -lam + k * this.logLam - gammaln(k + 1)
      ) {
        return k;
      }
    }
  }
}
