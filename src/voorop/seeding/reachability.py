"""Reachability of the synthetic region: who can be called, and who comes on site, when.

Two Veilig Thuis regions with different arrangements, after the practice examples of the
Toolkit Samen op in acuut (fictitious names and 088-555 numbers, like the rest of the region):

- **Rijnveen** (after Gooi en Vechtstreek and Noord-Holland): VT by phone day and night; on
  site from the office on working days 09:00–17:00; on call (piket) from home Monday–Thursday
  17:00–22:00 and Friday 17:00–02:00; a crisis service that comes on site day and night.
- **Dommelvliet** (after Zuid-Limburg, Noord- en Midden-Limburg and the Meierij): VT by phone
  day and night; video calls on working days 09:00–13:00; on site 13:00–22:00 on working days,
  from the police station; no crisis service — after 22:00 and at weekends only by phone.

Shared by both (they lie in the same arrondissement): the Raad voor de Kinderbescherming by
phone in office hours and for urgent requests (OTS, uithuisplaatsing) outside them; OM and
reclassering at ZSM until 22:00. And one or two kartrekkers per region.

Created once: a region that already has arrangements is left as functioneel beheer keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from voorop.organisations.models import Organisation, Region
from voorop.reachability.models import (
    ALL_DAYS,
    WORKING_DAYS,
    Channel,
    ContactPerson,
    CoverageArea,
    ReachabilityArrangement,
)
from voorop.seeding.region import (
    ARRONDISSEMENT,
    CRISISDIENST,
    EENHEID,
    OM,
    POLITIE_CENTRUM,
    RECLASSERING,
    RVDK,
    TOWNS,
    VT,
    VT_DOMMELVLIET,
    VT_REGIO,
    VT_REGIO_DOMMELVLIET,
    ZSM,
)


@dataclass(frozen=True, slots=True)
class ArrangementSpec:
    region: str
    organisation: str
    channel: str
    weekdays: tuple[int, ...]
    time_from: dt.time
    time_until: dt.time
    phone: str = ""
    target_group: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class KartrekkerSpec:
    region: str
    organisation: str
    name: str
    role: str
    phone: str
    email: str


def t(hh: int, mm: int = 0) -> dt.time:
    return dt.time(hh, mm)


MIDNIGHT = t(0)

#: Towns of Dommelvliet (not in ``region.TOWNS``: the generator seeds families in Rijnveen only).
DOMMELVLIET_TOWNS: tuple[tuple[str, tuple[int, int]], ...] = (
    ("Dommelvliet", (2460, 2466)),
    ("Vlietdorp", (2467, 2469)),
    ("Zandhoeve", (2470, 2472)),
)


def arrangements() -> list[ArrangementSpec]:
    rijnveen, dommelvliet, arrondissement, zsm = VT_REGIO, VT_REGIO_DOMMELVLIET, ARRONDISSEMENT, ZSM
    return [
        # Rijnveen
        ArrangementSpec(rijnveen, VT, Channel.TELEFOON, tuple(ALL_DAYS), MIDNIGHT, MIDNIGHT,
                        note="Advies- en meldpunt, dag en nacht."),
        ArrangementSpec(rijnveen, VT, Channel.TER_PLAATSE, tuple(WORKING_DAYS), t(9), t(17),
                        phone="088-5550101", note="Rukt uit vanaf het eigen kantoor."),
        ArrangementSpec(rijnveen, VT, Channel.PIKET, (0, 1, 2, 3), t(17), t(22),
                        phone="088-5550102",
                        note="Piket vanuit huis; uitrukken in overleg met de "
                        "gedragswetenschapper van dienst."),
        ArrangementSpec(rijnveen, VT, Channel.PIKET, (4,), t(17), t(2),
                        phone="088-5550102",
                        note="Vrijdagavond piket tot 02:00 's nachts."),
        ArrangementSpec(rijnveen, CRISISDIENST, Channel.CRISISTEAM, tuple(ALL_DAYS),
                        MIDNIGHT, MIDNIGHT,
                        target_group="jeugdigen tot 23 jaar; volwassenen als een huisverbod "
                        "wordt overwogen",
                        note="Kan informatie bij Veilig Thuis opvragen en een eerste "
                        "veiligheidsbeoordeling maken."),
        # Dommelvliet
        ArrangementSpec(dommelvliet, VT_DOMMELVLIET, Channel.TELEFOON, tuple(ALL_DAYS), MIDNIGHT,
                        MIDNIGHT, note="Advies- en meldpunt, dag en nacht."),
        ArrangementSpec(dommelvliet, VT_DOMMELVLIET, Channel.VIDEO, tuple(WORKING_DAYS), t(9),
                        t(13), phone="088-5551101", note="Beeldbellen via de politie ter plaatse."),
        ArrangementSpec(dommelvliet, VT_DOMMELVLIET, Channel.TER_PLAATSE, tuple(WORKING_DAYS),
                        t(13), t(22), phone="088-5551102",
                        note="Twee medewerkers werken vanaf het politiebureau en gaan samen met "
                        "de politie ter plaatse."),
        # Shared: the arrondissement and ZSM
        ArrangementSpec(arrondissement, RVDK, Channel.TELEFOON, tuple(WORKING_DAYS),
                        t(9), t(17), note="Advies over maatregelen in vrijwillig of gedwongen "
                        "kader."),
        ArrangementSpec(arrondissement, RVDK, Channel.TELEFOON, tuple(WORKING_DAYS),
                        t(17), t(9), phone="088-5550501",
                        note="Na kantooruren: spoedverzoeken OTS en uithuisplaatsing."),
        ArrangementSpec(arrondissement, RVDK, Channel.TELEFOON, (5, 6), t(9), t(9),
                        phone="088-5550501",
                        note="Weekend: spoedverzoeken OTS en uithuisplaatsing."),
        ArrangementSpec(zsm, OM, Channel.TELEFOON, tuple(ALL_DAYS), t(8), t(22),
                        note="Officier van justitie op ZSM."),
        ArrangementSpec(zsm, RECLASSERING, Channel.TELEFOON, tuple(ALL_DAYS), t(8),
                        t(22), note="Reclassering op ZSM."),
    ]  # fmt: skip


def kartrekkers() -> list[KartrekkerSpec]:
    return [
        KartrekkerSpec(VT_REGIO, VT, "Marieke Dijkstra",
                       "kartrekker Samen op in acuut", "088-5550110",
                       "m.dijkstra@vt-rijnveen.example.nl"),
        KartrekkerSpec(VT_REGIO, POLITIE_CENTRUM, "Ruud van Leeuwen",
                       "kartrekker Samen op in acuut, basisteam Rijnveen-Centrum", "088-5550211",
                       "r.vanleeuwen@politie-rijnveen.example.nl"),
        KartrekkerSpec(VT_REGIO_DOMMELVLIET, VT_DOMMELVLIET, "Samira El Idrissi",
                       "kartrekker Samen op in acuut", "088-5551110",
                       "s.elidrissi@vt-dommelvliet.example.nl"),
    ]  # fmt: skip


def ensure_reachability(
    *, regions: dict[str, Region], organisations: dict[str, Organisation]
) -> None:
    """Create the working areas (the towns of ``region.TOWNS`` and of Dommelvliet),
    arrangements and kartrekkers of the demo regions, once. Called by ``ensure_region``."""
    if not CoverageArea.objects.exists():
        police_region = {o.code: o.region for o in organisations.values() if o.region_id}
        shared = [regions[EENHEID], regions[ARRONDISSEMENT], regions[ZSM]]
        for town in TOWNS:
            area = CoverageArea.objects.create(
                municipality=town.name,
                postcode_from=town.postcode_range[0],
                postcode_to=town.postcode_range[1],
            )
            basisteam = police_region.get(town.basisteam)
            area.regions.set([regions[VT_REGIO], *shared, *([basisteam] if basisteam else [])])
        for name, (low, high) in DOMMELVLIET_TOWNS:
            area = CoverageArea.objects.create(
                municipality=name, postcode_from=low, postcode_to=high
            )
            area.regions.set([regions[VT_REGIO_DOMMELVLIET], *shared])
    configured = set(ReachabilityArrangement.objects.values_list("region_id", flat=True))
    for spec in arrangements():
        region = regions[spec.region]
        if region.pk in configured:
            continue
        arrangement = ReachabilityArrangement(
            region=region,
            organisation=organisations[spec.organisation],
            channel=spec.channel,
            weekdays=list(spec.weekdays),
            time_from=spec.time_from,
            time_until=spec.time_until,
            phone=spec.phone,
            target_group=spec.target_group,
            note=spec.note,
        )
        arrangement.full_clean()
        arrangement.save()
    if not ContactPerson.objects.exists():
        for k in kartrekkers():
            ContactPerson.objects.create(
                region=regions[k.region],
                organisation=organisations[k.organisation],
                name=k.name,
                role=k.role,
                phone=k.phone,
                email=k.email,
            )
