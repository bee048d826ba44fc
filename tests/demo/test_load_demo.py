"""load_demo lives at the project level (the demo app, above every app whose demo it loads): found under its name,
and without the unit list it says which command to run first, as before."""

import pytest
from django.core.management import CommandError, call_command, get_commands

pytestmark = pytest.mark.django_db


def test_load_demo_is_the_demo_apps_command():
    assert get_commands()["load_demo"] == "demo"


def test_load_demo_without_the_units_names_the_command_to_run():
    with pytest.raises(CommandError, match="06202.*python manage.py load_units --edition 2025-07"):
        call_command("load_demo")
