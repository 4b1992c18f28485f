"""Planning an implementation: champions (key players), group centrality, diffusion, Bass."""
