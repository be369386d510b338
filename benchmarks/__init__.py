"""Benchmarks: each `bench_*.py` module has a `main()` that prints `bench: <name> <value> <unit>` lines."""
