#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vertelpunt.settings")
    # In development, without DATABASE_URL / REDIS_URL, every command uses the embedded servers
    # that `make run` uses (joining them, or starting them for this command's lifetime).
    from vertelpunt.embedded import use_for_this_process

    use_for_this_process()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
