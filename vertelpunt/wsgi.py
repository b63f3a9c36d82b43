import os

from django.core.wsgi import get_wsgi_application

from vertelpunt.embedded import use_for_this_process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vertelpunt.settings")
# A no-op in production (DJANGO_DEBUG=0); in development the same servers as manage.py.
use_for_this_process()

application = get_wsgi_application()
