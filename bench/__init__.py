"""Benchmarks, run with `make bench` (`python -m bench`); results on stdout and in bench/out/."""
