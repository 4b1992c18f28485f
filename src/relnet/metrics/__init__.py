"""Public metric functions: check arguments, call kernels, return pandas objects."""
