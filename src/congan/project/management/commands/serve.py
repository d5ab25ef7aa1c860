import atexit
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web app with a production WSGI server (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true",
                            help="don't start `congan worker` for background jobs (run it apart)")

    def handle(self, *args, host, port, threads, no_worker=False, **options):
        from django.core.servers.basehttp import get_internal_wsgi_application
        from waitress import serve

        worker = None
        if not no_worker:  # a process of its own: nothing is forked inside a request
            worker = subprocess.Popen([sys.executable, "-m", "congan", "worker"])
            atexit.register(worker.terminate)
            # a service manager stops the server with SIGTERM: stop the worker with it (`finally`)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

        application = get_internal_wsgi_application()  # settings.WSGI_APPLICATION

        self.stdout.write(f"congan serving on http://{host}:{port}/ (database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")
        self.stdout.flush()
        try:
            serve(application, host=host, port=port, threads=threads, ident="congan")
        finally:
            if worker is not None:
                worker.terminate()
