/**
 * How the discovery significance is computed (SCORING §2, version 2), with its known limits, for
 * readers of a submission's numbers and organizers reading a box's build check. Defaults are those
 * of scorer/bumphunt/scoring-config.ts; a box's scoring config may change them.
 */
export function DiscoveryMethod({ open = false }: { open?: boolean }) {
  return (
    <details className="prose" data-testid="discovery-method" open={open}>
      <summary>How this is computed (SCORING §2, version 2) and its limits</summary>
      <p>
        <strong>Selection.</strong> Events may pass a preselection first (in the built-in boxes |η₁ − η₂| &lt;
        1.3 between the two leading jets, which sharpens the trigger turn-on; each box's own settings are on
        its challenge's methods page). For each cut efficiency ε (by default 1, 0.1, 0.01, 0.001) the ⌈ε·N⌉
        highest-scoring preselected events are kept and their dijet mass histogrammed over the fit range (by
        default 3–7 TeV in 100 GeV bins).
      </p>
      <p>
        <strong>Background model.</strong> The dijet function with 3, 4, 5 or 6 parameters, fitted by binned
        Poisson likelihood; the smallest order that no larger one beats by a nested-model test at α = 0.05
        (Rao's score test, asymptotically the likelihood ratio −2Δln L against χ²) is kept.{" "}
        <strong>Search phase:</strong> BumpHunter (excess mode, windows of 2–7 bins by default) scans against
        the fit; a window with local p &lt; 0.01 is excluded, the fit redone and the scan repeated.
      </p>
      <p>
        <strong>Gate.</strong> The final fit must describe the spectrum outside the excluded window: its
        deviance goodness-of-fit p-value, taken among the refitted pseudo-experiments, must be at least α_gof
        = 0.01, no bin may have |pull| &gt; 4, and the fitted background must fall. Otherwise the cut reads{" "}
        <em>background model rejected</em> with the reason, the fit and the pulls — and no Z and no bump mass.
        A cut rejected by a pull or a rise, which need no toys, gets no toy analysis and no gof p.
      </p>
      <p>
        <strong>Pseudo-experiments.</strong> One toy is a whole nested set of cuts: the loosest cut drawn as
        Poisson counts from its final fit, each tighter cut by Poisson thinning of the looser one (each event
        kept with probability b̂_k / b̂_k−1, the ratio of the two fits in that bin), so the toys carry the real
        correlation between cuts. Every toy is refitted, chooses its own function order and is searched and
        gated exactly like the data. A cut's global p is (1 + toys with t ≥ t_obs) / (1 + toys) among the toys
        whose background model passed the gate — the data's p is conditional on passing it, so the toys' must
        be too — with t = −ln(smallest window p).
      </p>
      <p>
        <strong>Summary.</strong> The smallest per-cut global p over the cuts that passed the gate, corrected
        for the look-elsewhere effect across cuts with the same toys (the fraction of toys whose own best cut
        is as extreme); Z = Φ⁻¹(1 − p). The claimed mass is the centre of that cut's bump. When every cut's
        model is rejected there is no summary: the leaderboard shows <em>model rejected</em>, below every Z.
      </p>
      <p>
        <strong>Beyond the toys.</strong> When fewer than 10 toys reach the observed t, a scorer with a GPU
        runs ten times as many toys, up to a million; where that is not possible (on the CPU), or still too
        few reach it, the p-value comes from an exponential fit to the tail of the toys' t distribution
        (Vaslin et al., arXiv:2211.07446) and is marked <em>extrapolated</em> — never a bare lower limit. Each
        result says how many toys ran and on which device.
      </p>
      <p>
        <strong>Limits.</strong> Extrapolated p-values are approximate, the more so beyond about 4σ. When the
        summary is extrapolated, the look-elsewhere correction across cuts multiplies p by an effective number
        of cuts measured with the same toys at p = 0.05 (between 1 and the number of cuts that passed the
        gate). A fit of a larger order that needs more than 30 iterations takes no part in the order choice
        (data and toys alike). A score correlated with the mass can sculpt the spectrum: a turn-on is caught
        (a rising background is rejected), but a broad hump — jet-mass windows select jet pT and so a range of
        mjj — looks like a resonance to any bump hunt on that spectrum; decorrelating a score from the mass is
        the submitter's part (the Mahalanobis baseline removes its inputs' trend with mjj for this reason).
        Measured on full-size background-only boxes: the calibration section of each challenge's methods page
        (docs/calibration.md in the repository).
      </p>
    </details>
  );
}
