from django.core.management.base import BaseCommand

from reports.load import load_generate


class Command(BaseCommand):
    help = (
        "Build a synthetic campaign over real communes of the 2025-01 edition (load_units first): N communes, "
        "M indicators, P periods, every report approved with a value for every figure. For measuring the roll-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=1000)
        parser.add_argument("--indicators", type=int, default=40)
        parser.add_argument("--periods", type=int, default=4)

    def handle(self, *args, communes, indicators, periods, **options):
        load = load_generate(communes=communes, indicators=indicators, periods=periods)
        self.stdout.write(
            f"campaign {load.campaign.pk}: {load.communes:,} communes × {load.figures} figures × "
            f"{len(load.periods)} periods = {load.values:,} reported values"
        )
