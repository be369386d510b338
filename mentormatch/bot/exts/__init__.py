"""One package per feature; each package's `__init__` only loads its cog."""
