"""Reads for the scheduling app: one module per concern (matching, sessions, requests)."""
