"""Benchmarks: run each as a module from the repository root, e.g. ``python -m bench.updates``.

Running them as modules keeps the repository root, not bench/, first on sys.path, so bench/scheduler.py
cannot shadow the scheduler package.
"""
