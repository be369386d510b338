"""Writes for the scheduling app: one module per entity, each function one transaction."""
