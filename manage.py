#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waishi.settings")
    # Commands on a developer's checkout work without setup; a server started through
    # waishi.wsgi stays DEBUG off unless told otherwise, and deployments set DEBUG=0 here too.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
