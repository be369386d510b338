"""The demo admin login that `loaddemo` creates and `make run` prints. Only for the local demo.

Kept free of Django imports so the launcher can print it before Django is set up.
"""

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "mentormatch-demo"
