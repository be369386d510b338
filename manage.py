#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentormatch.web.settings")
    from mentormatch.web.config import management_run

    sys.exit(management_run(sys.argv))
