#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A missing or bad setting: one line naming the variable, not a traceback.
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.stderr.write("Set it in the environment or in .env (see .env.example).\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
