"""Prima's benchmarks: speed, queries and page weight of the paths people use most."""
