"""The synthetic region "Rijnveen": its regions, organisations and towns.

The region is fictitious on purpose: invented town and organisation names, phone numbers in a
made-up 088-555 range and e-mail addresses under ``example.nl``, so nobody mistakes demo data
for a real Veilig Thuis region. Regions and organisations are created idempotently (get or
create by code), so seeding again or seeding into a database that already holds users
never duplicates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from voorop.organisations.models import Organisation, OrganisationKind, Region, RegionKind


@dataclass(frozen=True, slots=True)
class RegionSpec:
    code: str
    name: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class OrganisationSpec:
    code: str
    name: str
    kind: str
    region: str | None
    phone: str
    email: str
    #: Prefix of the record numbers this organisation gives its meldingen ("" = records none).
    record_prefix: str = ""
    #: Prefix of demo usernames ("vt" gives "vt.vertrouwensarts"); "" = no demo users.
    demo_prefix: str = ""


@dataclass(frozen=True, slots=True)
class Town:
    """A kern of the region. ``postcode_range`` are the four-digit postcode numbers in use;
    ``basisteam`` is the code of the police organisation that covers the town."""

    name: str
    weight: float
    postcode_range: tuple[int, int]
    basisteam: str


VT_REGIO = "vt-regio-rijnveen"
#: A second VT region with other reachability arrangements (``seeding/reachability.py``).
VT_REGIO_DOMMELVLIET = "vt-regio-dommelvliet"
EENHEID = "politie-eenheid-rijnveen-delta"
ARRONDISSEMENT = "arrondissement-rijnveen-delta"
ZSM = "zsm-rijnveen-delta"

REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec(VT_REGIO, "Rijnveen", RegionKind.VT_REGIO),
    RegionSpec(VT_REGIO_DOMMELVLIET, "Dommelvliet", RegionKind.VT_REGIO),
    RegionSpec(EENHEID, "Rijnveen-Delta", RegionKind.POLITIE_EENHEID),
    RegionSpec("basisteam-rijnveen-centrum", "Rijnveen-Centrum", RegionKind.BASISTEAM, EENHEID),
    RegionSpec("basisteam-rijnveen-oost", "Rijnveen-Oost", RegionKind.BASISTEAM, EENHEID),
    RegionSpec("basisteam-rijnveen-west", "Rijnveen-West", RegionKind.BASISTEAM, EENHEID),
    RegionSpec(ARRONDISSEMENT, "Rijnveen-Delta", RegionKind.ARRONDISSEMENT),
    RegionSpec(ZSM, "ZSM Rijnveen-Delta", RegionKind.ZSM_LOCATIE, ARRONDISSEMENT),
)

VT = "vt-rijnveen"
POLITIE_CENTRUM = "politie-rijnveen-centrum"
POLITIE_OOST = "politie-rijnveen-oost"
POLITIE_WEST = "politie-rijnveen-west"
OM = "om-rijnveen-delta"
RECLASSERING = "reclassering-rijnveen-delta"
RVDK = "rvdk-rijnveen-delta"
CRISISDIENST = "crisisdienst-rijnveen"
VT_DOMMELVLIET = "vt-dommelvliet"

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        VT,
        "Veilig Thuis Rijnveen",
        OrganisationKind.VT,
        VT_REGIO,
        "088-5550100",
        "advies-en-meldpunt@vt-rijnveen.example.nl",
        record_prefix="VTR",
        demo_prefix="vt",
    ),
    OrganisationSpec(
        POLITIE_CENTRUM,
        "Politie basisteam Rijnveen-Centrum",
        OrganisationKind.POLITIE,
        "basisteam-rijnveen-centrum",
        "088-5550210",
        "basisteam.centrum@politie-rijnveen.example.nl",
        record_prefix="POLC",
        demo_prefix="politie",
    ),
    OrganisationSpec(
        POLITIE_OOST,
        "Politie basisteam Rijnveen-Oost",
        OrganisationKind.POLITIE,
        "basisteam-rijnveen-oost",
        "088-5550220",
        "basisteam.oost@politie-rijnveen.example.nl",
        record_prefix="POLO",
        demo_prefix="politie-oost",
    ),
    OrganisationSpec(
        POLITIE_WEST,
        "Politie basisteam Rijnveen-West",
        OrganisationKind.POLITIE,
        "basisteam-rijnveen-west",
        "088-5550230",
        "basisteam.west@politie-rijnveen.example.nl",
        record_prefix="POLW",
        demo_prefix="politie-west",
    ),
    OrganisationSpec(
        OM,
        "OM arrondissementsparket Rijnveen-Delta",
        OrganisationKind.OM,
        ARRONDISSEMENT,
        "088-5550300",
        "hg-km-portefeuille@om-rijnveen.example.nl",
        demo_prefix="om",
    ),
    OrganisationSpec(
        RECLASSERING,
        "Reclassering (3RO) Rijnveen-Delta",
        OrganisationKind.RECLASSERING,
        ARRONDISSEMENT,
        "088-5550400",
        "zsm-advies@reclassering-rijnveen.example.nl",
        demo_prefix="reclassering",
    ),
    OrganisationSpec(
        RVDK,
        "Raad voor de Kinderbescherming, regio Rijnveen-Delta",
        OrganisationKind.RVDK,
        ARRONDISSEMENT,
        "088-5550500",
        "piket@rvdk-rijnveen.example.nl",
        demo_prefix="rvdk",
    ),
    OrganisationSpec(
        CRISISDIENST,
        "Crisisdienst Jeugd en Gezin Rijnveen",
        OrganisationKind.CRISISDIENST,
        VT_REGIO,
        "088-5550600",
        "crisisdienst@crisisdienst-rijnveen.example.nl",
    ),
    OrganisationSpec(
        "ziekenhuis-rijnveen",
        "Rijnveen Ziekenhuis",
        OrganisationKind.ZIEKENHUIS,
        VT_REGIO,
        "088-5550710",
        "kindermishandeling@rijnveenziekenhuis.example.nl",
    ),
    OrganisationSpec(
        "ziekenhuis-oudewaard",
        "Medisch Centrum Oudewaard",
        OrganisationKind.ZIEKENHUIS,
        VT_REGIO,
        "088-5550720",
        "aandachtsfunctionaris@mc-oudewaard.example.nl",
    ),
    OrganisationSpec(
        "gemeente-rijnveen",
        "Gemeente Rijnveen",
        OrganisationKind.GEMEENTE,
        VT_REGIO,
        "088-5550800",
        "zorg-en-veiligheid@gemeente-rijnveen.example.nl",
    ),
    OrganisationSpec(
        VT_DOMMELVLIET,
        "Veilig Thuis Dommelvliet",
        OrganisationKind.VT,
        VT_REGIO_DOMMELVLIET,
        "088-5551100",
        "advies-en-meldpunt@vt-dommelvliet.example.nl",
    ),
    OrganisationSpec(
        "leck",
        "LECK – Landelijk Expertisecentrum Kindermishandeling",
        OrganisationKind.LECK,
        None,
        "088-5550900",
        "consult@leck.example.nl",
    ),
    OrganisationSpec(
        "gi-rijnveen-delta",
        "Jeugdbescherming Rijnveen-Delta (GI)",
        OrganisationKind.GI,
        ARRONDISSEMENT,
        "088-5550950",
        "jeugdbescherming@gi-rijnveen.example.nl",
    ),
)

TOWNS: tuple[Town, ...] = (
    Town("Rijnveen", 0.38, (2400, 2419), POLITIE_CENTRUM),
    Town("Oudewaard", 0.13, (2420, 2424), POLITIE_CENTRUM),
    Town("Zuidervliet", 0.12, (2430, 2434), POLITIE_OOST),
    Town("Berkenrode", 0.08, (2435, 2437), POLITIE_OOST),
    Town("Hazerveen", 0.07, (2440, 2443), POLITIE_OOST),
    Town("Westmade", 0.11, (2450, 2454), POLITIE_WEST),
    Town("Kreekdijk", 0.07, (2455, 2457), POLITIE_WEST),
    Town("Lindenhoeve", 0.04, (2458, 2459), POLITIE_WEST),
)

#: Codes of the partner organisations that give out demo accounts, in table order.
DEMO_ORGANISATIONS = tuple(spec.code for spec in ORGANISATIONS if spec.demo_prefix)
SPEC_BY_CODE = {spec.code: spec for spec in ORGANISATIONS}


def ensure_region() -> dict[str, Organisation]:
    """Create (or find) the regions and organisations, their reachability and the ZSM
    location's partners and werkgebied; return organisations by code.

    Existing rows are left as they are: a functioneel beheerder may have changed a phone number,
    and seeding must not undo that."""
    with transaction.atomic():
        regions: dict[str, Region] = {}
        for rspec in REGIONS:
            regions[rspec.code], _ = Region.objects.get_or_create(
                code=rspec.code,
                defaults={
                    "name": rspec.name,
                    "kind": rspec.kind,
                    "parent": regions[rspec.parent] if rspec.parent else None,
                },
            )
        organisations: dict[str, Organisation] = {}
        for ospec in ORGANISATIONS:
            organisations[ospec.code], _ = Organisation.objects.get_or_create(
                code=ospec.code,
                defaults={
                    "name": ospec.name,
                    "kind": ospec.kind,
                    "region": regions[ospec.region] if ospec.region else None,
                    "contact_phone": ospec.phone,
                    "contact_email": ospec.email,
                },
            )
        # Imported here: the reachability data names the regions and organisations above.
        from voorop.seeding.reachability import ensure_reachability

        ensure_reachability(regions=regions, organisations=organisations)
        from voorop.seeding.zsm import ensure_zsm

        ensure_zsm(regions=regions, organisations=organisations)
    return organisations
