from django.db import migrations


def load(apps, schema_editor):
    from campaigns.doctypes import document_types_ensure

    document_types_ensure(apps.get_model("campaigns", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
