"""Seal the household addresses written plain before 0008, and index them for the address search.

Batch by batch, each batch its own transaction (the migration is not atomic): interrupted, it runs
again and skips what is sealed, as `congan keys migrate` does (the same code, org/sealing.py).
"""

from django.db import migrations


def seal_addresses(apps, schema_editor):
    from congan.org import sealing
    from congan.registry.models import address_indexes

    household = apps.get_model("registry", "Household")
    index = apps.get_model("registry", "HouseholdAddressIndex")

    def reindex(model, ids):
        index.objects.filter(household_id__in=ids).delete()
        index.objects.bulk_create([index(household_id=pk, key=k)
                                   for pk, address in model.objects.filter(pk__in=ids).values_list("id", "address")
                                   for k in address_indexes(address)], batch_size=5000)

    sealing.reseal(plain=True, older=False, only=[household], reindex=reindex)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("registry", "0008_sealed_household_address"),
    ]

    operations = [
        migrations.RunPython(seal_addresses, migrations.RunPython.noop, elidable=True),
    ]
