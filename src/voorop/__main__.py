"""The ``voorop`` console script: Django's manage.py under the project's own name.

Every Django management command works through it (``voorop migrate``, ``voorop runserver``)
beside voorop's own (``voorop seed``, ``voorop demo``).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
