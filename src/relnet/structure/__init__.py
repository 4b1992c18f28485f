"""Structure beyond single measures: ego networks, multiplexity, communities, positions."""
