"""Cohort-wide assignment: proposals for every pending request at once, for an admin to approve."""
