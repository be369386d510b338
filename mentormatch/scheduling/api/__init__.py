"""HTTP adapters for the scheduling app: REST resources and the bot API."""
