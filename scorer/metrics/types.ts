/** Per-event anomaly scores: higher means more anomalous. Float32 values are widened exactly. */
export type Scores = Float64Array | Float32Array | ArrayLike<number>;

/** Per-event truth labels: 0 = background, k > 0 = signal component k (any integer typed array or number[]). */
export type Labels = ArrayLike<number>;

/** The FPR working points of SCORING §1, as the keys used in results. */
export const FPR_POINTS = ["1e-2", "1e-3", "1e-4", "1e-5"] as const;
export type FprKey = (typeof FPR_POINTS)[number];
