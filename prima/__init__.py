"""Prima: manage and evaluate the quality of public services (KemenPANRB instruments)."""

__version__ = "0.1.0"
