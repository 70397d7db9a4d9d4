import os

from celery import Celery
from celery.signals import worker_init, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def start_sandbox(**_kwargs):
    # The worker's main process owns the sandbox zygote; its pool children connect to it.
    from grader.worker import start_supervised

    start_supervised()


@worker_shutdown.connect
def stop_sandbox(**_kwargs):
    from grader.worker import stop_zygote

    stop_zygote()
