"""Reference log scores for scorer/metrics/claims.test.ts (SCORING §3 version 2), made with the
Python standard library's Gaussian (statistics.NormalDist.pdf), independent of our TypeScript.

Run from the repository root:  /usr/bin/python3 scorer/metrics/reference/claims_reference.py
Prints each case's terms and log score; the test hardcodes them (17 significant digits).

Definition: a stated quantity scores -ln N(truth; claimed, sigma_eff), sigma_eff = hypot(sigma,
floor); floors: mass 0.05 * claimed, nSignal sqrt(max(claimed, 1)), daughter 0.10 * claimed. A
left-out quantity scores ln(width of its range): nSignal [0, nEvents], daughter (0, maxDaughterMass).
"OLD" is version 1: sum of ln(sigma) + z^2/2 with the claimed sigma, no floor, no 1/2 ln 2 pi, no
term for a left-out quantity.
"""

import math
from statistics import NormalDist

N_EVENTS = 1_000_000
SQRT_S = 13_000.0
MAX_DAUGHTER = SQRT_S  # the default
FLAT_N = math.log(N_EVENTS)
FLAT_D = math.log(MAX_DAUGHTER)


def term(claimed, sigma, floor, truth):
    return -math.log(NormalDist(claimed, math.hypot(sigma, floor)).pdf(truth))


def mass(c, s, t):
    return term(c, s, 0.05 * c, t)


def nsig(c, s, t):
    return term(c, s, math.sqrt(max(c, 1.0)), t)


def daughter(c, s, t):
    return term(c, s, 0.10 * c, t)


def old(c, s, t):
    z = (t - c) / s
    return math.log(s) + 0.5 * z * z


def show(name, terms, old_value=None):
    print(f"{name}: terms {[repr(x) for x in terms]} logScore {sum(terms)!r}" + (
        f"  (old {old_value!r})" if old_value is not None else ""))


# doc example: 3500 ± 100 vs 3600 (nSignal 800 left out, no true daughters)
show("doc", [mass(3500, 100, 3600), FLAT_N], old(3500, 100, 3600))

# nearest match: claim 4200 ± 200, 900 ± 100, daughters 480 ± 20, 95 ± 5 vs component 2
# (5000, 1000, daughters [100, 500]); terms in the truth's daughter order (100, 500)
show("nearest", [mass(4200, 200, 5000), nsig(900, 100, 1000), daughter(95, 5, 100), daughter(480, 20, 500)])
swap = daughter(95, 5, 500) + daughter(480, 20, 100)
print("  swapped daughters would cost", swap, "vs", daughter(95, 5, 100) + daughter(480, 20, 500))

# extra claimed daughter: claim 5000 ± 100, daughters 510 ± 10, 300 ± 10, 90 ± 10 vs component 2
show("extra", [mass(5000, 100, 5000), FLAT_N, daughter(90, 10, 100), daughter(510, 10, 500)])

# LHCO Black Box 1-like truth: W' 3823 GeV, 834 events, X 732, Y 378 GeV, box of 1e6 events
T = dict(m=3823.0, n=834.0, d=(732.0, 378.0))
show("bb1 mass only 3823±150", [mass(3823, 150, T["m"]), FLAT_N, FLAT_D, FLAT_D], old(3823, 150, T["m"]))
full = [mass(3823, 150, T["m"]), nsig(834, 100, T["n"]), daughter(732, 20, 732), daughter(378, 30, 378)]
show("bb1 full (+834±100, 732±20, 378±30)", full,
     old(3823, 150, 3823) + old(834, 100, 834) + old(732, 20, 732) + old(378, 30, 378))
tiny = 1e-300
tiny_terms = [mass(3823, tiny, 3823), nsig(834, tiny, 834), daughter(732, tiny, 732), daughter(378, tiny, 378)]
show("bb1 exact, every sigma 1e-300", tiny_terms, 4 * math.log(tiny))
floor_bound = (math.log(0.05 * 3823) + math.log(math.sqrt(834)) + math.log(73.2) + math.log(37.8)
               + 2 * math.log(2 * math.pi))
print("  floor bound sum(ln floor + 1/2 ln 2pi) =", repr(floor_bound))
one = [mass(3823, 1, 3823), nsig(834, 1, 834), daughter(732, 1, 732), daughter(378, 1, 378)]
show("bb1 exact, every sigma 1", one, old(3823, 1, 3823) + old(834, 1, 834) + old(732, 1, 732) + old(378, 1, 378))
# a 1e-300 claim three mass resolutions off (3823 + 3 * 191.15 = 4396.45 → claim 4400)
show("bb1 1e-300 at 4400", [mass(4400, tiny, 3823), nsig(834, tiny, 834), daughter(732, tiny, 732),
                            daughter(378, tiny, 378)])
show("bb1 honest at 4400 ± 600", [mass(4400, 600, 3823), nsig(834, 100, 834), daughter(732, 20, 732),
                                  daughter(378, 30, 378)])
