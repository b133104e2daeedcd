"""How "wie bel ik nu?" appears in the API (``GET /api/v1/bereikbaarheid/``).

Times are ISO 8601 in Dutch local time (Europe/Amsterdam, with offset); ``tot`` is null when a
line or service runs day and night. ``antwoord`` is the answer in words, in the order a police
officer needs it; the other fields carry the same in parts."""

from __future__ import annotations

from rest_framework import serializers

from voorop.organisations.api.serializers import OrganisatieSerializer
from voorop.organisations.models import RegionKind
from voorop.reachability.models import Channel
from voorop.reachability.selectors import NATIONAL_VT_NUMBER


class RegioSerializer(serializers.Serializer):
    """A region: ``code`` (stable), ``naam``, ``soort_regio`` (VT_REGIO, POLITIE_EENHEID,
    BASISTEAM, ZSM_LOCATIE, ARRONDISSEMENT)."""

    code = serializers.SlugField()
    naam = serializers.CharField(source="name")
    soort_regio = serializers.ChoiceField(source="kind", choices=RegionKind.choices)


class LijnSerializer(serializers.Serializer):
    """A number to call now: ``organisatie``, ``via`` (the channel: TELEFOON, TER_PLAATSE, PIKET,
    CRISISTEAM, VIDEO), ``telefoon``, ``tot`` (null: day and night), ``voor_wie`` and
    ``toelichting``."""

    organisatie = OrganisatieSerializer(source="organisation")
    via = serializers.ChoiceField(source="channel", choices=Channel.choices)
    telefoon = serializers.CharField(source="phone")
    tot = serializers.DateTimeField(source="until", allow_null=True)
    voor_wie = serializers.CharField(source="target_group")
    toelichting = serializers.CharField(source="note")


class KanaalTotSerializer(serializers.Serializer):
    via = serializers.ChoiceField(choices=Channel.choices)
    tot = serializers.DateTimeField(allow_null=True)


class TerPlaatseSerializer(serializers.Serializer):
    """Who can come on site now: ``organisatie``, ``telefoon``, ``tot`` (null: day and night)
    and ``kanalen``, the on-site arrangements one after the other (``via`` until ``tot``)."""

    organisatie = OrganisatieSerializer(source="organisation")
    telefoon = serializers.CharField(source="phone")
    tot = serializers.DateTimeField(source="until", allow_null=True)
    kanalen = serializers.SerializerMethodField()
    voor_wie = serializers.CharField(source="target_group")

    def get_kanalen(self, on_site) -> list[dict]:
        return [
            KanaalTotSerializer({"via": channel, "tot": until}).data
            for channel, until in on_site.segments
        ]


class DaarnaSerializer(serializers.Serializer):
    """What holds when Veilig Thuis can no longer come on site (``om``): its number then
    (``veilig_thuis``) and who else comes on site then (``ter_plaatse``)."""

    om = serializers.DateTimeField(source="at")
    veilig_thuis = LijnSerializer(source="vt_line", allow_null=True)
    ter_plaatse = TerPlaatseSerializer(source="on_site", many=True)


class KartrekkerSerializer(serializers.Serializer):
    """A kartrekker: contact person for the way of working in the region (not an emergency
    line)."""

    naam = serializers.CharField(source="name")
    rol = serializers.CharField(source="role")
    organisatie = OrganisatieSerializer(source="organisation")
    regio = serializers.SlugField(source="region.code")
    telefoon = serializers.CharField(source="phone")
    email = serializers.CharField()


class BereikbaarheidSerializer(serializers.Serializer):
    """The answer to "wie bel ik nu?" for one place and moment."""

    plaats = serializers.CharField(source="place.label")
    regios = RegioSerializer(source="place.regions", many=True)
    moment = serializers.DateTimeField()
    antwoord = serializers.ListField(source="sentences", child=serializers.CharField())
    veilig_thuis = OrganisatieSerializer(source="vt", allow_null=True)
    eerst_bellen = LijnSerializer(source="call_first", allow_null=True)
    veilig_thuis_ter_plaatse = TerPlaatseSerializer(source="vt_on_site", allow_null=True)
    veilig_thuis_beeldbellen = LijnSerializer(source="vt_video", allow_null=True)
    veilig_thuis_weer_ter_plaatse_vanaf = serializers.DateTimeField(
        source="vt_next_on_site", allow_null=True
    )
    daarna = DaarnaSerializer(source="later", allow_null=True)
    anderen_ter_plaatse = TerPlaatseSerializer(source="others_on_site", many=True)
    lijnen = LijnSerializer(source="lines", many=True)
    kartrekkers = KartrekkerSerializer(source="contact_persons", many=True)
    landelijk_nummer_veilig_thuis = serializers.SerializerMethodField()

    def get_landelijk_nummer_veilig_thuis(self, answer) -> str:
        return NATIONAL_VT_NUMBER
