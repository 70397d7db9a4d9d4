import json

from django.core.management.base import BaseCommand

from grader.sandbox.client import Zygote
from grader.worker import sandbox_config


class Command(BaseCommand):
    help = "Show which isolation layers the sandbox gets on this host."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object: layer name -> true/false")

    def handle(self, *args, **options):
        with Zygote(sandbox_config(require_all_layers=False)) as zygote:
            layers = zygote.probe()
            missing = zygote.missing
        if options["json"]:
            self.stdout.write(json.dumps(layers))
            return
        for name, allowed in layers.items():
            self.stdout.write(f"{name:20} {'yes' if allowed else 'NO'}")
        if missing:
            self.stdout.write(self.style.WARNING(f"missing on this host: {', '.join(missing)}"))
        else:
            self.stdout.write(self.style.SUCCESS("every layer is in place"))
