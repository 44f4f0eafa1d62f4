"""Benchmarks: synthetic dossiers at growing scale and the scripts that measure them."""
