"""Benchmarks of the course: how long notebooks, sliders, imports and the test suite take.

Run `make bench` (or `python -m benchmarks --help`). Every number is a wall-clock
median of several runs on this machine; the table is printed and written as JSON to
benchmarks/results/latest.json (and as Markdown beside it). Nothing here is asserted:
budgets are reported, not enforced.
"""
