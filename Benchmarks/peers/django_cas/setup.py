"""Creates the database, the demo parent and the load-test service."""
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()
from django.core.management import call_command  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from cas_server.models import ServicePattern  # noqa: E402

call_command("migrate", verbosity=0)
User.objects.create_user("s.dupont10", password="Parent-Demo-2026")
ServicePattern.objects.create(pos=1, name="load", pattern="^" + sys.argv[1].replace(".", r"\.") + "$")
