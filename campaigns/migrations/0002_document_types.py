from django.db import migrations


def load(apps, schema_editor):
    from campaigns.doctypes import DOCUMENT_TYPES

    DocumentType = apps.get_model("campaigns", "DocumentType")
    for position, (code, name, title, abbreviation, standard) in enumerate(DOCUMENT_TYPES):
        DocumentType.objects.update_or_create(
            code=code,
            defaults={"name": name, "title": title, "abbreviation": abbreviation, "standard": standard,
                      "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
