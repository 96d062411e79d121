"""Load and scale benchmarks (`make bench`) that print comparable figures."""
