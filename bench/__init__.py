"""Load harness and the stack the fault tests drive (see bench/load.py and tests/faults/)."""
