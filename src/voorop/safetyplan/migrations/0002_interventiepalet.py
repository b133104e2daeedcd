"""Seed the interventiepalet: the interventions of the veiligheidsplan in "Samenwerken aan
veiligheid" (per phase and legal domain), described in our own words, with the owning kind of
organisation, who decides and — where the law fixes it — the duration.

They are data: functioneel beheer maintains them in the admin. Seeding again (``seed``) updates
entries by code and leaves entries added in the admin alone. Reversing removes nothing that a
plan already refers to (the foreign key protects it), so it is a no-op.
"""

from django.db import migrations

A, R, H = "ACUUT", "RISICOGESTUURD", "HERSTELGERICHT"

CATALOGUE = [
    # --- strafrecht ----------------------------------------------------------------------------
    {
        "code": "aanhouding",
        "name": "Aanhouding van de verdachte",
        "legal_domain": "STRAFRECHT",
        "phases": [A],
        "owner_kind": "POLITIE",
        "deciding_party": "politie; daarna beslist de (hulp)officier van justitie over vasthouden",
        "description": (
            "De politie houdt de verdachte aan om het geweld direct te stoppen en het onderzoek te "
            "beginnen; de zaak gaat daarna naar ZSM. Een aanhouding is tijdelijk en stopt het "
            "geweld op zichzelf niet: spreek af welke maatregelen gelden als de verdachte weer "
            "vrijkomt."
        ),
        "sort_order": 10,
    },
    {
        "code": "schorsing-voorlopige-hechtenis",
        "name": "Schorsing voorlopige hechtenis onder voorwaarden",
        "legal_domain": "STRAFRECHT",
        "phases": [A, R],
        "owner_kind": "OM",
        "deciding_party": "rechter-commissaris, op vordering van de officier van justitie",
        "description": (
            "De verdachte wacht de strafzaak buiten af, onder bijzondere voorwaarden zoals een "
            "contact- of locatieverbod, een meldplicht of behandeling. De reclassering adviseert "
            "over de voorwaarden en houdt toezicht op de naleving."
        ),
        "sort_order": 20,
    },
    {
        "code": "contactverbod",
        "name": "Contactverbod",
        "legal_domain": "STRAFRECHT",
        "phases": [A, R],
        "owner_kind": "OM",
        "deciding_party": "officier van justitie (gedragsaanwijzing) of rechter (bijzondere voorwaarde)",
        "typical_duration_days": 90,
        "extension_rule": (
            "Als gedragsaanwijzing van de officier van justitie: ten hoogste 90 dagen; verlengen "
            "kan alleen als de verdachte wordt vervolgd. Als bijzondere voorwaarde geldt het "
            "verbod zolang de schorsing of de proeftijd duurt."
        ),
        "description": (
            "Vrijheidsbeperkende voorwaarde: de verdachte zoekt geen contact met het slachtoffer "
            "en/of de kinderen — niet zelf, niet via anderen en niet online. Overtreding is "
            "strafbaar; de politie en de reclassering houden de naleving in de gaten."
        ),
        "sort_order": 30,
    },
    {
        "code": "locatieverbod",
        "name": "Locatieverbod (gebiedsverbod)",
        "legal_domain": "STRAFRECHT",
        "phases": [A, R],
        "owner_kind": "OM",
        "deciding_party": "officier van justitie (gedragsaanwijzing) of rechter (bijzondere voorwaarde)",
        "typical_duration_days": 90,
        "extension_rule": (
            "Als gedragsaanwijzing van de officier van justitie: ten hoogste 90 dagen; verlengen "
            "kan alleen als de verdachte wordt vervolgd. Als bijzondere voorwaarde geldt het "
            "verbod zolang de schorsing of de proeftijd duurt."
        ),
        "description": (
            "Vrijheidsbeperkende voorwaarde: de verdachte komt niet in een omschreven gebied, "
            "zoals de straat of wijk van het slachtoffer of de school van de kinderen; zo nodig "
            "met elektronisch toezicht (enkelband)."
        ),
        "sort_order": 40,
    },
    {
        "code": "gedragsbeinvloedende-voorwaarden",
        "name": "Gedragsbeïnvloedende voorwaarden",
        "legal_domain": "STRAFRECHT",
        "phases": [A, R],
        "owner_kind": "RECLASSERING",
        "deciding_party": "officier van justitie of rechter, op advies van de reclassering",
        "description": (
            "Bijzondere voorwaarden die het gedrag van de pleger moeten veranderen, zoals een "
            "ambulante behandeling, een training agressieregulatie of verslavingszorg. De "
            "reclassering adviseert op basis van haar risico-inschatting (RISC, B-SAFER) en de "
            "veiligheidsbeoordeling van Veilig Thuis, en houdt toezicht."
        ),
        "sort_order": 50,
    },
    {
        "code": "reclasseringstoezicht",
        "name": "Reclasseringstoezicht",
        "legal_domain": "STRAFRECHT",
        "phases": [R, H],
        "owner_kind": "RECLASSERING",
        "deciding_party": "rechter of officier van justitie",
        "description": (
            "De reclassering begeleidt de pleger en controleert of hij zich aan de opgelegde "
            "voorwaarden houdt; zij meldt overtredingen aan het OM en deelt signalen van "
            "toenemende onveiligheid met de partners."
        ),
        "sort_order": 60,
    },
    # --- bestuursrecht -------------------------------------------------------------------------
    {
        "code": "tijdelijk-huisverbod",
        "name": "Tijdelijk huisverbod",
        "legal_domain": "BESTUURSRECHT",
        "phases": [A],
        # Owned in the plan by Veilig Thuis: it coordinates the help during the huisverbod and
        # advises the burgemeester on extension, so the day-8 advice lands on its werkvoorraad.
        "owner_kind": "VT",
        "deciding_party": (
            "burgemeester (in de praktijk vaak gemandateerd aan de hulpofficier van justitie van "
            "de politie)"
        ),
        "typical_duration_days": 10,
        "max_duration_days": 28,
        "reassess_after_days": 8,
        "reassess_label": "advies over verlenging aan de burgemeester",
        "extension_rule": (
            "Het huisverbod geldt tien dagen. De burgemeester kan het verlengen tot uiterlijk "
            "vier weken (28 dagen) na het opleggen. Veilig Thuis adviseert rond dag 8 of "
            "verlenging nodig is, zodat het besluit er ligt vóór de tien dagen om zijn."
        ),
        "description": (
            "De pleger mag de woning tijdelijk niet in en geen contact zoeken met de "
            "achterblijvers, ook als hij of zij er woont. De politie bereidt het huisverbod voor "
            "en ziet toe op de naleving; Veilig Thuis zet in die periode hulp in voor pleger, "
            "slachtoffer en kinderen en adviseert over verlenging."
        ),
        "sort_order": 10,
    },
    {
        "code": "crisismaatregel-wvggz",
        "name": "Crisismaatregel (Wet verplichte ggz)",
        "legal_domain": "BESTUURSRECHT",
        "phases": [A],
        "owner_kind": "GEMEENTE",
        "deciding_party": "burgemeester, na een medische verklaring van een psychiater",
        "extension_rule": "Kortdurend; over voortzetting beslist de rechter.",
        "description": (
            "Verplichte zorg bij acuut ernstig nadeel door een psychische stoornis, als een pleger "
            "of slachtoffer in de crisis niet anders veilig te krijgen is."
        ),
        "sort_order": 20,
    },
    # --- civiel recht --------------------------------------------------------------------------
    {
        "code": "voorlopige-ots",
        "name": "Voorlopige ondertoezichtstelling (spoed)",
        "legal_domain": "CIVIEL_RECHT",
        "phases": [A],
        "owner_kind": "RVDK",
        "deciding_party": "kinderrechter, op verzoek van de Raad voor de Kinderbescherming",
        "extension_rule": (
            "Voor ten hoogste drie maanden; daarna beslist de kinderrechter over een "
            "ondertoezichtstelling."
        ),
        "description": (
            "In een crisis vraagt de Raad voor de Kinderbescherming — ook buiten kantooruren en "
            "zo nodig dezelfde dag — een voorlopige ondertoezichtstelling aan om de veiligheid "
            "van de kinderen te borgen."
        ),
        "sort_order": 10,
    },
    {
        "code": "spoeduithuisplaatsing",
        "name": "Spoeduithuisplaatsing",
        "legal_domain": "CIVIEL_RECHT",
        "phases": [A],
        "owner_kind": "RVDK",
        "deciding_party": "kinderrechter (spoedmachtiging), op verzoek van de Raad",
        "description": (
            "Het kind kan niet veilig thuis blijven: de Raad vraagt een spoedmachtiging tot "
            "uithuisplaatsing, het kind gaat naar crisispleegzorg, het eigen netwerk of een "
            "crisisplek."
        ),
        "sort_order": 20,
    },
    {
        "code": "ondertoezichtstelling",
        "name": "Ondertoezichtstelling (OTS)",
        "legal_domain": "CIVIEL_RECHT",
        "phases": [R, H],
        "owner_kind": "RVDK",
        "deciding_party": "kinderrechter, op verzoek van de Raad voor de Kinderbescherming",
        "extension_rule": "Voor ten hoogste een jaar; de kinderrechter kan telkens met een jaar verlengen.",
        "description": (
            "Een jeugdbeschermer van een gecertificeerde instelling begeleidt het gezin en kan "
            "schriftelijke aanwijzingen geven, zodat de ontwikkeling van het kind niet langer "
            "wordt bedreigd."
        ),
        "sort_order": 30,
    },
    {
        "code": "uithuisplaatsing",
        "name": "Uithuisplaatsing",
        "legal_domain": "CIVIEL_RECHT",
        "phases": [R],
        "owner_kind": "RVDK",
        "deciding_party": "kinderrechter, bij een ondertoezichtstelling",
        "description": (
            "Het kind woont (tijdelijk) elders — in het netwerk, een pleeggezin of een "
            "instelling — terwijl aan de veiligheid thuis wordt gewerkt."
        ),
        "sort_order": 40,
    },
    {
        "code": "omgangsregeling",
        "name": "Omgangsregeling vaststellen, wijzigen of opschorten",
        "legal_domain": "CIVIEL_RECHT",
        "phases": [R, H],
        "owner_kind": "RVDK",
        "deciding_party": "rechter (familierecht); de Raad adviseert",
        "description": (
            "Afspraken over contact tussen het kind en de ouder die er niet woont, zo ingericht "
            "dat overdrachtsmomenten geen nieuwe aanleiding voor geweld worden — zo nodig "
            "begeleid of tijdelijk opgeschort."
        ),
        "sort_order": 50,
    },
    {
        "code": "civielrechtelijk-contactverbod",
        "name": "Civielrechtelijk contact- of straatverbod",
        "legal_domain": "CIVIEL_RECHT",
        "phases": [R],
        "owner_kind": "OVERIG",
        "deciding_party": "voorzieningenrechter (kort geding), op verzoek van het slachtoffer",
        "description": (
            "Het slachtoffer vraagt, met een advocaat, de rechter de pleger te verbieden contact "
            "te zoeken of in de straat te komen — ook als er geen strafzaak loopt."
        ),
        "sort_order": 60,
    },
    # --- sociale interventies ------------------------------------------------------------------
    {
        "code": "veiligheidsvoorwaarden-vt",
        "name": "Veiligheidsvoorwaarden en -afspraken van Veilig Thuis",
        "legal_domain": "SOCIAAL",
        "phases": [A, R],
        "owner_kind": "VT",
        "description": (
            "Op basis van de veiligheidsbeoordeling stelt Veilig Thuis voorwaarden aan de "
            "veiligheid en maakt het afspraken met het gezin; Veilig Thuis volgt of die worden "
            "nageleefd en schaalt op als dat niet zo is."
        ),
        "sort_order": 10,
    },
    {
        "code": "hulp-sociaal-wijkteam",
        "name": "Hulp via het sociaal wijkteam",
        "legal_domain": "SOCIAAL",
        "phases": [R, H],
        "owner_kind": "GEMEENTE",
        "description": (
            "Het lokale team pakt samenhangende problemen op die de onveiligheid voeden, zoals "
            "schulden, huisvesting, verslaving of opvoedvragen."
        ),
        "sort_order": 20,
    },
    {
        "code": "plegerhulp",
        "name": "Hulp aan de pleger",
        "legal_domain": "SOCIAAL",
        "phases": [R],
        "owner_kind": "OVERIG",
        "description": "Vrijwillige behandeling of begeleiding van de pleger om herhaling te voorkomen.",
        "sort_order": 30,
    },
    {
        "code": "systeemgerichte-hulp",
        "name": "Systeemgerichte hulp aan het gezin",
        "legal_domain": "SOCIAAL",
        "phases": [R, H],
        "owner_kind": "OVERIG",
        "description": (
            "Hulp die het hele gezinssysteem en de patronen daarin betreft, niet één persoon; "
            "rollen van slachtoffer en pleger kunnen wisselen."
        ),
        "sort_order": 40,
    },
    {
        "code": "traumabehandeling",
        "name": "Traumabehandeling en herstel",
        "legal_domain": "SOCIAAL",
        "phases": [H],
        "owner_kind": "OVERIG",
        "description": (
            "Behandeling van de gevolgen van het geweld, zodat kinderen en volwassenen zich "
            "weer kunnen ontwikkelen."
        ),
        "sort_order": 50,
    },
    {
        "code": "multidisciplinaire-aanpak",
        "name": "Opschalen naar een multidisciplinaire aanpak (MDA++)",
        "legal_domain": "SOCIAAL",
        "phases": [R],
        "owner_kind": "ZVH",
        "description": (
            "Bij complexe, langdurige onveiligheid werkt een multidisciplinair team met één plan "
            "en één regisseur aan stabiele veiligheid en herstel."
        ),
        "sort_order": 60,
    },
    # --- overige interventies ------------------------------------------------------------------
    {
        "code": "crisisopvang",
        "name": "Crisisopvang",
        "legal_domain": "OVERIG",
        "phases": [A],
        "owner_kind": "CRISISDIENST",
        "description": "Direct een veilige verblijfplaats voor wie niet thuis kan blijven.",
        "sort_order": 10,
    },
    {
        "code": "vrouwenopvang",
        "name": "Veilige opvang (vrouwenopvang)",
        "legal_domain": "OVERIG",
        "phases": [A, R],
        "owner_kind": "OVERIG",
        "description": (
            "Opvang op een (geheim) adres met begeleiding voor slachtoffers en hun kinderen die "
            "thuis niet veilig zijn."
        ),
        "sort_order": 20,
    },
    {
        "code": "crisispleegzorg",
        "name": "Crisispleegzorg",
        "legal_domain": "OVERIG",
        "phases": [A],
        "owner_kind": "GI",
        "description": (
            "Een kind verblijft kort in een pleeggezin dat direct beschikbaar is, vrijwillig of "
            "na een spoeduithuisplaatsing."
        ),
        "sort_order": 30,
    },
    {
        "code": "alarmsysteem-aware",
        "name": "Alarmsysteem voor het slachtoffer (AWARE)",
        "legal_domain": "OVERIG",
        "phases": [A, R],
        "owner_kind": "POLITIE",
        "description": (
            "Een alarmknop waarmee het slachtoffer bij dreiging direct hulp inroept; vooral bij "
            "(ex-partner)stalking."
        ),
        "sort_order": 40,
    },
    {
        "code": "contact-wijkagent",
        "name": "Contact met de wijkagent",
        "legal_domain": "OVERIG",
        "phases": [R, H],
        "owner_kind": "POLITIE",
        "description": (
            "De wijkagent kent het gezin, komt geregeld langs en is aanspreekbaar voor het "
            "slachtoffer en de omgeving; signalen gaan naar de casusregisseur."
        ),
        "sort_order": 50,
    },
    {
        "code": "buddy",
        "name": "Ondersteuning door een buddy",
        "legal_domain": "OVERIG",
        "phases": [R, H],
        "owner_kind": "OVERIG",
        "description": "Een vrijwilliger die het slachtoffer of de pleger praktisch en persoonlijk bijstaat.",
        "sort_order": 60,
    },
    {
        "code": "ervaringsdeskundige",
        "name": "Inzet van een ervaringsdeskundige",
        "legal_domain": "OVERIG",
        "phases": [R, H],
        "owner_kind": "OVERIG",
        "description": (
            "Iemand die zelf huiselijk geweld heeft meegemaakt, helpt het gezin het geweld te "
            "doorbreken en hulp te aanvaarden."
        ),
        "sort_order": 70,
    },
    {
        "code": "nieuwe-toekomst",
        "name": "Nieuwe Toekomst",
        "legal_domain": "OVERIG",
        "phases": [R, H],
        "owner_kind": "OVERIG",
        "description": (
            "Begeleiding vanuit Nieuwe Toekomst bij het opbouwen van een veilig bestaan na het "
            "geweld, zoals in de regio afgesproken."
        ),
        "sort_order": 80,
    },
    {
        "code": "slachtofferhulp",
        "name": "Ondersteuning door Slachtofferhulp",
        "legal_domain": "OVERIG",
        "phases": [A, R, H],
        "owner_kind": "SLACHTOFFERHULP",
        "description": (
            "Praktische, juridische en emotionele steun voor het slachtoffer, ook in de strafzaak."
        ),
        "sort_order": 90,
    },
    {
        "code": "herstelbemiddeling",
        "name": "Herstelbemiddeling",
        "legal_domain": "OVERIG",
        "phases": [H],
        "owner_kind": "OVERIG",
        "description": (
            "Een begeleid gesprek of contact tussen slachtoffer en pleger, alleen als beiden dat "
            "willen en het veilig kan."
        ),
        "sort_order": 100,
    },
]

FIELDS = (
    "name",
    "legal_domain",
    "phases",
    "owner_kind",
    "deciding_party",
    "typical_duration_days",
    "max_duration_days",
    "reassess_after_days",
    "reassess_label",
    "extension_rule",
    "description",
    "sort_order",
)


def seed(apps, schema_editor):
    Intervention = apps.get_model("safetyplan", "Intervention")
    for entry in CATALOGUE:
        defaults = {field: entry.get(field) for field in FIELDS}
        for text in ("deciding_party", "reassess_label", "extension_rule", "description"):
            defaults[text] = defaults[text] or ""
        Intervention.objects.update_or_create(code=entry["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("safetyplan", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
