// Benchmark of rendering on generated maps (filled in by the rendering work).
print("bench-render: not yet implemented")
