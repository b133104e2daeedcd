"""Seed the legal bases and sharing rules of Bijlage 1 of the Toolkit Samen op in acuut
("Gronden voor informatie uitwisseling"). They are data: functioneel beheer maintains them."""

from django.db import migrations

ALL_GROUPS = ["KERN", "LOCATIE", "TOELICHTING", "PERSONEN"]
PARTNERS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]
NOODZAKELIJK = "Alleen die gegevens die noodzakelijk zijn; niet meer dan noodzakelijk."
ZWAARWEGEND = "Er moet sprake zijn van een zwaarwegend belang. " + NOODZAKELIJK

BASES = [
    {
        "code": "vt-avg-6-1-e-wmo-4-1-1",
        "short_label": "art. 4.1.1 Wmo 2015",
        "citation": "art. 6 lid 1 sub e AVG jo. art. 4.1.1 Wmo 2015",
        "purpose": (
            "Andere partijen in staat stellen te beoordelen welke gegevens Veilig Thuis nodig "
            "heeft voor haar taak (onder andere het inschatten van de veiligheidssituatie); advies "
            "en ondersteuning aan de partners bij het beëindigen van de acute onveiligheid."
        ),
        "conditions": NOODZAKELIJK
        + " Politie en Raad voor de Kinderbescherming worden in art. 4.1.1 Wmo expliciet genoemd,"
        " OM en reclassering (nog) niet: juridische onzekerheid, wetswijziging voorgesteld.",
    },
    {
        "code": "politie-wpg-16-1-a",
        "short_label": "art. 16 Wpg",
        "citation": "art. 16 lid 1 sub a Wpg",
        "purpose": (
            "Verstrekken van politiegegevens aan het OM met het oog op het beëindigen van acute "
            "onveiligheid en het uitvoeren van de eigen taken (opsporing en hulpverlening)."
        ),
        "conditions": ZWAARWEGEND,
    },
    {
        "code": "politie-wpg-18-bpg-4-2",
        "short_label": "art. 18 Wpg",
        "citation": "art. 18 lid 1 Wpg jo. art. 4:2 lid 1 sub i/j Bpg",
        "purpose": (
            "Verstrekken van politiegegevens aan andere partners dan het OM met het oog op het "
            "beëindigen van acute onveiligheid en het uitvoeren van de eigen taken."
        ),
        "conditions": ZWAARWEGEND,
    },
    {
        "code": "om-wjsg-39e",
        "short_label": "art. 39e Wjsg",
        "citation": "art. 39e lid 1 Wjsg",
        "purpose": (
            "Verstrekken van justitiële en strafvorderlijke gegevens met het oog op het beëindigen "
            "van acute onveiligheid en het uitvoeren van de eigen taken."
        ),
        "conditions": ZWAARWEGEND,
    },
    {
        "code": "om-wjsg-39f",
        "short_label": "art. 39f Wjsg",
        "citation": "art. 39f lid 1 Wjsg",
        "purpose": (
            "Verstrekken van strafvorderlijke gegevens aan derden voor een zwaarwegend algemeen "
            "belang, zoals het voorkomen van strafbare feiten en de zorg voor slachtoffers."
        ),
        "conditions": ZWAARWEGEND,
    },
    {
        "code": "rvdk-avg-6-1-e-bw-1-238",
        "short_label": "art. 1:238 BW",
        "citation": "art. 6 lid 1 sub e AVG jo. art. 1:238 lid 3 BW",
        "purpose": (
            "Zicht krijgen op de situatie, beoordelen of de Raad haar bevoegdheden moet inzetten "
            "en haar adviestaak uitoefenen."
        ),
        "conditions": "Verstrekking moet noodzakelijk zijn voor de taken van de Raad. "
        + NOODZAKELIJK,
    },
    {
        "code": "rvdk-avg-6-1-e-wmo-5-2-6",
        "short_label": "art. 5.2.6 Wmo (Raad)",
        "citation": "art. 6 lid 1 sub e AVG jo. art. 5.2.6 Wmo 2015",
        "purpose": "Verstrekking aan Veilig Thuis om Veilig Thuis haar taken te laten uitvoeren.",
        "conditions": "Verstrekking moet noodzakelijk zijn voor de taken van Veilig Thuis. "
        + NOODZAKELIJK,
    },
    {
        "code": "3ro-avg-6-1-e",
        "short_label": "art. 6 lid 1 sub e AVG (reclassering)",
        "citation": "art. 6 lid 1 sub e AVG (taak van de reclassering)",
        "purpose": (
            "Zicht krijgen op de situatie en de adviestaak van de reclassering uitoefenen; "
            "toezicht op naleving van voorwaarden."
        ),
        "conditions": "Verstrekking moet noodzakelijk zijn voor de taken van de reclassering. "
        + NOODZAKELIJK,
    },
    {
        "code": "3ro-avg-6-1-e-wmo-5-2-6",
        "short_label": "art. 5.2.6 Wmo (reclassering)",
        "citation": "art. 6 lid 1 sub e AVG jo. art. 5.2.6 Wmo 2015",
        "purpose": "Verstrekking aan Veilig Thuis om Veilig Thuis haar taken te laten uitvoeren.",
        "conditions": "Verstrekking moet noodzakelijk zijn voor de taken van Veilig Thuis. "
        + NOODZAKELIJK,
    },
    {
        "code": "avg-6-1-d-vitaal-belang",
        "short_label": "art. 6 lid 1 sub d AVG",
        "citation": "art. 6 lid 1 sub d AVG (vitaal belang van de betrokkene)",
        "purpose": "Delen in een acute noodsituatie om het vitale belang van de betrokkene te "
        "beschermen.",
        "conditions": "Alleen bij acuut fysiek gevaar. " + NOODZAKELIJK,
        "is_vital_interest": True,
    },
]


def rules():
    yield from (("VT", to, "vt-avg-6-1-e-wmo-4-1-1") for to in PARTNERS if to != "VT")
    yield ("POLITIE", "OM", "politie-wpg-16-1-a")
    yield from (
        ("POLITIE", to, "politie-wpg-18-bpg-4-2") for to in ("VT", "RVDK", "RECLASSERING")
    )
    for to in ("VT", "POLITIE", "RECLASSERING", "RVDK"):
        yield ("OM", to, "om-wjsg-39e")
        yield ("OM", to, "om-wjsg-39f")
    yield ("RVDK", "VT", "rvdk-avg-6-1-e-wmo-5-2-6")
    yield from (("RVDK", to, "rvdk-avg-6-1-e-bw-1-238") for to in ("POLITIE", "OM", "RECLASSERING"))
    yield ("RECLASSERING", "VT", "3ro-avg-6-1-e-wmo-5-2-6")
    yield from (("RECLASSERING", to, "3ro-avg-6-1-e") for to in ("POLITIE", "OM", "RVDK"))


def seed(apps, schema_editor):
    LegalBasis = apps.get_model("sharing", "LegalBasis")
    SharingRule = apps.get_model("sharing", "SharingRule")
    bases = {}
    for data in BASES:
        basis, _ = LegalBasis.objects.update_or_create(code=data["code"], defaults=data)
        bases[basis.code] = basis
    for from_kind, to_kind, code in rules():
        SharingRule.objects.update_or_create(
            from_kind=from_kind,
            to_kind=to_kind,
            legal_basis=bases[code],
            defaults={"field_groups": ALL_GROUPS, "moments": []},
        )
    vital = bases["avg-6-1-d-vitaal-belang"]
    for from_kind in PARTNERS:
        for to_kind in PARTNERS:
            if from_kind != to_kind:
                SharingRule.objects.update_or_create(
                    from_kind=from_kind,
                    to_kind=to_kind,
                    legal_basis=vital,
                    defaults={"field_groups": ALL_GROUPS, "moments": ["SAMEN_OP_IN_ACUUT"]},
                )


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
