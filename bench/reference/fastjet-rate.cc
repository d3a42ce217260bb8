// FastJet's rate on the same events, for `npm run bench:jets` (built only where Debian's
// libfastjet-dev and g++ are installed; never part of the product). Reads "n\npt eta phi\n…" per
// event, clusters anti-kT R = 1.0 (E-scheme, particles massless, as the LHCO reference jets), takes
// the two leading jets and their mjj, repeats `reps` times and prints events per second of CPU time.
#include <fastjet/ClusterSequence.hh>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>
using namespace fastjet;

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  FILE* f = std::fopen(argv[1], "r");
  if (!f) return 2;
  const int reps = std::atoi(argv[2]);
  std::vector<std::vector<PseudoJet>> events;
  int n;
  while (std::fscanf(f, "%d", &n) == 1) {
    std::vector<PseudoJet> ps;
    for (int i = 0; i < n; i++) {
      double pt, eta, phi;
      if (std::fscanf(f, "%lf %lf %lf", &pt, &eta, &phi) != 3) return 2;
      ps.push_back(PtYPhiM(pt, eta, phi, 0));
    }
    events.push_back(ps);
  }
  JetDefinition def(antikt_algorithm, 1.0, E_scheme, Best);
  ClusterSequence::set_fastjet_banner_stream(nullptr);
  double checksum = 0;
  const std::clock_t c0 = std::clock();
  for (int r = 0; r < reps; r++)
    for (const auto& e : events) {
      ClusterSequence cs(e, def);
      const auto jets = sorted_by_pt(cs.inclusive_jets());
      if (jets.size() > 1) checksum += (jets[0] + jets[1]).m();
    }
  const double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
  std::printf("%.1f %.6f\n", events.size() * reps / cpu, checksum / reps);
  return 0;
}
