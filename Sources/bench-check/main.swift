// Benchmark of parse and check on generated maps (filled in by the language work).
print("bench-check: not yet implemented")
