"""Reads of the reachability configuration, and the answer to "wie bel ik nu?".

``who_to_call(place=..., moment=...)`` is what Samen op in acuut (step 1) shows: for a place —
a region, a postcode or a municipality — and a moment, whom to call first, whether Veilig
Thuis can come on site (until when, and what holds after that; or when it can next), who
else comes on site, every line reachable now, and the region's kartrekkers.

Reachability is configuration, not case data: any user of a partner organisation may read it,
and reading it writes no access-log record (``docs/adr/0007``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorop.organisations.models import Organisation, OrganisationKind, Region, RegionKind
from voorop.reachability import windows
from voorop.reachability.models import (
    ON_SITE_CHANNELS,
    Channel,
    ContactPerson,
    CoverageArea,
    ReachabilityArrangement,
    Weekday,
)

#: The national number of Veilig Thuis (police infographic, Toolkit Samen op in acuut): the
#: fallback when no regional arrangement is known.
NATIONAL_VT_NUMBER = "0800-2000"

_POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")

#: Who comes first in the list of lines: Veilig Thuis, then whoever comes on site for it, then
#: the other partners.
_KIND_ORDER: dict[str, int] = {
    OrganisationKind.VT: 0,
    OrganisationKind.CRISISDIENST: 1,
    OrganisationKind.RVDK: 2,
    OrganisationKind.OM: 3,
    OrganisationKind.RECLASSERING: 4,
    OrganisationKind.POLITIE: 5,
}
_CHANNEL_ORDER: dict[str, int] = {
    Channel.TER_PLAATSE: 0,
    Channel.PIKET: 1,
    Channel.CRISISTEAM: 2,
    Channel.VIDEO: 3,
    Channel.TELEFOON: 4,
}
#: Short names of the on-site channels for "(tot 17:00 dienst, daarna piket)".
_SHORT: dict[str, Any] = {
    Channel.TER_PLAATSE: gettext_lazy("dienst"),
    Channel.PIKET: gettext_lazy("piket"),
    Channel.CRISISTEAM: gettext_lazy("crisisteam"),
    Channel.VIDEO: gettext_lazy("beeldbellen"),
    Channel.TELEFOON: gettext_lazy("telefonisch"),
}


# --- places -----------------------------------------------------------------------------------


def parse_postcode(value: str) -> int | None:
    """ "2401 AB", "2401ab", "2401" → 2401; None if it is not a Dutch postcode."""
    match = _POSTCODE_RE.match(value or "")
    return int(match.group(1)) if match and int(match.group(1)) >= 1000 else None


@dataclass(frozen=True)
class ResolvedPlace:
    label: str
    regions: tuple[Region, ...]

    @property
    def known(self) -> bool:
        return bool(self.regions)


def _with_ancestors(regions: Iterable[Region]) -> list[Region]:
    found: dict[int, Region] = {}
    for region in regions:
        current: Region | None = region
        while current is not None and current.pk not in found:
            found[current.pk] = current
            current = current.parent
    return sorted(found.values(), key=lambda r: (r.kind, r.name))


def _regions_of_areas(areas: QuerySet[CoverageArea]) -> list[Region]:
    return list(Region.objects.filter(coverage_areas__in=areas).select_related("parent").distinct())


def resolve_place(place: Region | str) -> ResolvedPlace:
    """The regions that cover a place. A region covers itself, its parents and every region
    that shares a working area with it (the VT-regio of a basisteam and vice versa); a postcode
    or municipality is covered by the regions of its working areas."""
    if isinstance(place, Region):
        areas = CoverageArea.objects.filter(regions=place)
        return ResolvedPlace(
            label=place.name, regions=tuple(_with_ancestors([place, *_regions_of_areas(areas)]))
        )
    number = parse_postcode(place)
    if number is not None:
        areas = CoverageArea.objects.filter(postcode_from__lte=number, postcode_to__gte=number)
        names = sorted(set(areas.values_list("municipality", flat=True)))
        label = _("postcode %(postcode)s") % {"postcode": place.strip().upper()}
        if names:
            label = f"{label} ({', '.join(names)})"
        return ResolvedPlace(label=label, regions=tuple(_with_ancestors(_regions_of_areas(areas))))
    name = (place or "").strip()
    areas = CoverageArea.objects.filter(municipality__iexact=name)
    first = areas.first() if name else None
    if first is None:
        return ResolvedPlace(label=name, regions=())
    return ResolvedPlace(
        label=first.municipality, regions=tuple(_with_ancestors(_regions_of_areas(areas)))
    )


def region_by_code(*, code: str) -> Region | None:
    return Region.objects.filter(code=code).select_related("parent").first()


def place_regions() -> QuerySet[Region]:
    """The regions a user can pick on "wie bel ik nu?": VT-regio's and basisteams that have
    arrangements or working areas."""
    return (
        Region.objects.filter(kind__in=[RegionKind.VT_REGIO, RegionKind.BASISTEAM])
        .exclude(reachability_arrangements__isnull=True, coverage_areas__isnull=True)
        .distinct()
        .order_by("kind", "name")
    )


def municipality_names() -> list[str]:
    return sorted(set(CoverageArea.objects.values_list("municipality", flat=True)))


# --- the answer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A number to call now: organisation, channel, phone, until when (None: day and night)."""

    organisation: Organisation
    channel: str
    phone: str
    until: dt.datetime | None
    target_group: str = ""
    note: str = ""

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)

    @property
    def is_on_site(self) -> bool:
        return self.channel in ON_SITE_CHANNELS


@dataclass(frozen=True)
class OnSite:
    """Someone who can come on site now, until when (None: day and night), through which
    channels in turn ("dienst tot 17:00, daarna piket")."""

    organisation: Organisation
    phone: str
    until: dt.datetime | None
    segments: list[tuple[str, dt.datetime | None]]
    target_group: str = ""


@dataclass(frozen=True)
class Later:
    """What holds when Veilig Thuis can no longer come on site."""

    at: dt.datetime
    vt_line: Line | None
    on_site: list[OnSite]


@dataclass(frozen=True)
class Answer:
    """The answer to "wie bel ik nu?" for one place and moment. ``sentences`` is the answer in
    words, in order; the other fields carry the same in parts (for templates and the API)."""

    place: ResolvedPlace
    moment: dt.datetime
    vt: Organisation | None
    call_first: Line | None
    lines: list[Line]
    vt_on_site: OnSite | None
    vt_video: Line | None
    others_on_site: list[OnSite]
    vt_next_on_site: dt.datetime | None
    later: Later | None
    contact_persons: list[ContactPerson]
    sentences: list[str] = field(default_factory=list)

    @property
    def vt_can_come(self) -> bool:
        return self.vt_on_site is not None


def _clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    """ "13:00" today, "woensdag 09:00" within the week, else "12-03-2026 09:00"."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return _clock(moment)
    if days < 7:
        return f"{Weekday(moment.weekday()).label} {_clock(moment)}"
    return f"{moment:%d-%m-%Y} {_clock(moment)}"


def _group(arrangements: Iterable[ReachabilityArrangement]):
    by_org: dict[int, list[ReachabilityArrangement]] = {}
    for arrangement in arrangements:
        by_org.setdefault(arrangement.organisation_id, []).append(arrangement)
    return by_org


def _lines_at(arrangements: list[ReachabilityArrangement], moment: dt.datetime) -> list[Line]:
    """Every (organisation, channel, number) reachable at ``moment``, in call order."""
    lines: dict[tuple[int, str, str], Line] = {}
    for window in windows.active_windows(arrangements, moment):
        arrangement: ReachabilityArrangement = window.arrangement  # type: ignore[assignment]
        key = (arrangement.organisation_id, arrangement.channel, arrangement.call_number)
        if key in lines:
            continue
        same = [a for a in arrangements if (a.organisation_id, a.channel, a.call_number) == key]
        cover = windows.coverage(same, moment)
        lines[key] = Line(
            organisation=arrangement.organisation,
            channel=arrangement.channel,
            phone=arrangement.call_number,
            until=cover.until if cover else window.end,
            target_group=arrangement.target_group,
            note=arrangement.note,
        )
    return sorted(
        lines.values(),
        key=lambda line: (
            _KIND_ORDER.get(line.organisation.kind, 9),
            line.organisation.name,
            _CHANNEL_ORDER[line.channel],
        ),
    )


def _on_site(
    organisation: Organisation, arrangements: list[ReachabilityArrangement], moment: dt.datetime
) -> OnSite | None:
    on_site = [a for a in arrangements if a.is_on_site]
    cover = windows.coverage(on_site, moment)
    if cover is None:
        return None
    segments: list[tuple[str, dt.datetime | None]] = []
    for window in cover.windows:
        channel = window.arrangement.channel  # type: ignore[attr-defined]
        if segments and segments[-1][0] == channel:
            segments[-1] = (channel, window.end)
        else:
            segments.append((channel, window.end))
    if cover.until is None and segments:
        segments[-1] = (segments[-1][0], None)
    first = cover.windows[0].arrangement
    return OnSite(
        organisation=organisation,
        phone=first.call_number,  # type: ignore[attr-defined]
        until=cover.until,
        segments=segments,
        target_group=first.target_group,  # type: ignore[attr-defined]
    )


def _vt_line(lines: list[Line], vt: Organisation | None) -> Line | None:
    """The number to call Veilig Thuis on now: the on-site service's own number, else the video
    line's, else the phone line."""
    if vt is None:
        return None
    own = [line for line in lines if line.organisation.pk == vt.pk]
    return own[0] if own else None


def _others_on_site(
    by_org: dict[int, list[ReachabilityArrangement]],
    organisations: dict[int, Organisation],
    vt: Organisation | None,
    moment: dt.datetime,
) -> list[OnSite]:
    found = []
    for org_id, arrangements in by_org.items():
        if vt is not None and org_id == vt.pk:
            continue
        on_site = _on_site(organisations[org_id], arrangements, moment)
        if on_site is not None:
            found.append(on_site)
    return sorted(
        found, key=lambda o: (_KIND_ORDER.get(o.organisation.kind, 9), o.organisation.name)
    )


def _phone_only(line: Line | None) -> Line | None:
    return line if line is not None and not line.is_on_site else None


def who_to_call(*, place: Region | str, moment: dt.datetime | None = None) -> Answer:
    """Whom to call at ``moment`` (default: now) for ``place`` — a Region, a postcode ("2401 AB")
    or a municipality name — and whether Veilig Thuis can come on site.

    The rules: Veilig Thuis is called first, on the number of the service that can come on site
    now if there is one, else its video line, else its phone line. Veilig Thuis "can come on
    site" while one of its on-site arrangements (dienst, piket, crisisteam) runs; the answer
    says until when, chaining windows that follow each other without a gap, and what holds after
    that (phone only? who else comes on site?). If it cannot come now, the answer says who else
    comes on site and when Veilig Thuis can next. Times are local (Europe/Amsterdam)."""
    moment = windows.to_local(moment or timezone.now())
    resolved = resolve_place(place)
    arrangements = list(
        ReachabilityArrangement.objects.filter(region__in=resolved.regions, active=True)
        .select_related("organisation", "region")
        .order_by("organisation__name", "channel", "time_from", "id")
    )
    contact_persons = list(
        ContactPerson.objects.filter(region__in=resolved.regions, active=True)
        .select_related("organisation", "region")
        .order_by("organisation__name", "name")
    )
    organisations = {a.organisation_id: a.organisation for a in arrangements}
    by_org = _group(arrangements)
    vts = sorted(
        (o for o in organisations.values() if o.kind == OrganisationKind.VT), key=lambda o: o.name
    )
    vt = vts[0] if vts else None
    vt_arrangements = by_org.get(vt.pk, []) if vt else []

    lines = _lines_at(arrangements, moment)
    call_first = _vt_line(lines, vt)
    vt_on_site = _on_site(vt, vt_arrangements, moment) if vt else None
    vt_video = next(
        (
            line
            for line in lines
            if vt is not None and line.organisation.pk == vt.pk and line.channel == Channel.VIDEO
        ),
        None,
    )
    others = _others_on_site(by_org, organisations, vt, moment)
    next_on_site = None
    if vt is not None and vt_on_site is None:
        next_on_site = windows.next_start([a for a in vt_arrangements if a.is_on_site], moment)
    later = None
    if vt_on_site is not None and vt_on_site.until is not None:
        at = vt_on_site.until
        later_lines = _lines_at(arrangements, at)
        later = Later(
            at=at,
            vt_line=_vt_line(later_lines, vt),
            on_site=_others_on_site(by_org, organisations, vt, at),
        )
    answer = Answer(
        place=resolved,
        moment=moment,
        vt=vt,
        call_first=call_first,
        lines=lines,
        vt_on_site=vt_on_site,
        vt_video=vt_video,
        others_on_site=others,
        vt_next_on_site=next_on_site,
        later=later,
        contact_persons=contact_persons,
    )
    answer.sentences.extend(_sentences(answer))
    return answer


def _on_site_phrase(on_site: OnSite) -> str:
    phrase = _("%(org)s komt ter plaatse") % {"org": on_site.organisation.name}
    details = [on_site.phone] if on_site.phone else []
    if on_site.target_group:
        details.append(on_site.target_group)
    return f"{phrase} ({'; '.join(details)})" if details else phrase


def _sentences(answer: Answer) -> list[str]:
    """The answer in words, in the order a police officer needs it."""
    vt, moment = answer.vt, answer.moment
    if not answer.place.known or vt is None or answer.call_first is None:
        return [
            _(
                "Voor deze plaats en dit moment zijn geen afspraken over de bereikbaarheid van "
                "Veilig Thuis bekend. Bel het landelijke nummer van Veilig Thuis: %(number)s."
            )
            % {"number": NATIONAL_VT_NUMBER}
        ]
    first = answer.call_first
    sentences = [
        _("Bel %(org)s (%(channel)s): %(phone)s.")
        % {"org": vt.name, "channel": _SHORT[first.channel], "phone": first.phone}
    ]
    on_site = answer.vt_on_site
    if on_site is not None:
        if on_site.until is None:
            sentence = _("Veilig Thuis kan ter plaatse komen, dag en nacht.")
        else:
            sentence = _("Veilig Thuis kan ter plaatse komen tot %(time)s") % {
                "time": _when(on_site.until, moment)
            }
            if len(on_site.segments) > 1:
                steps = [
                    _("%(channel)s tot %(time)s")
                    % {"channel": _SHORT[channel], "time": _clock(until)}
                    if until
                    else str(_SHORT[channel])
                    for channel, until in on_site.segments[:-1]
                ]
                steps.append(_("daarna %(channel)s") % {"channel": _SHORT[on_site.segments[-1][0]]})
                sentence += f" ({', '.join(steps)})"
            else:
                sentence += f" ({_SHORT[on_site.segments[0][0]]})"
            sentence += "."
        sentences.append(sentence)
        later = answer.later
        if later is not None:
            parts = []
            phone = _phone_only(later.vt_line)
            if phone is not None and phone.channel == Channel.VIDEO:
                parts.append(_("Veilig Thuis via beeldbellen (%(phone)s)") % {"phone": phone.phone})
            elif phone is not None:
                parts.append(
                    _("Veilig Thuis alleen telefonisch (%(phone)s)") % {"phone": phone.phone}
                )
            else:
                parts.append(
                    _("Veilig Thuis via het landelijke nummer (%(phone)s)")
                    % {"phone": NATIONAL_VT_NUMBER}
                )
            if later.on_site:
                parts += [_on_site_phrase(o) for o in later.on_site]
            else:
                parts.append(_("niemand komt ter plaatse"))
            sentences.append(
                _("Na %(time)s: %(what)s.") % {"time": _clock(later.at), "what": "; ".join(parts)}
            )
        return sentences
    sentence = _("Veilig Thuis kan nu niet ter plaatse komen.")
    if answer.vt_video is not None:
        until = answer.vt_video.until
        sentence += " " + (
            _("Wel beeldbellen tot %(time)s.") % {"time": _when(until, moment)}
            if until
            else _("Wel beeldbellen.")
        )
    sentences.append(sentence)
    if answer.others_on_site:
        sentences.append("; ".join(_on_site_phrase(o) for o in answer.others_on_site) + ".")
    if answer.vt_next_on_site is not None:
        sentences.append(
            _("Veilig Thuis kan weer ter plaatse komen vanaf %(when)s.")
            % {"when": _when(answer.vt_next_on_site, moment)}
        )
    else:
        sentences.append(_("Veilig Thuis komt volgens de afspraken deze week niet ter plaatse."))
    return sentences


# --- configuration lists ----------------------------------------------------------------------


def arrangements_for(*, regions: Iterable[Region]) -> list[ReachabilityArrangement]:
    """The arrangements of these regions, for the overview under the answer."""
    return list(
        ReachabilityArrangement.objects.filter(region__in=list(regions), active=True)
        .select_related("organisation", "region")
        .order_by("organisation__name", "channel", "time_from", "id")
    )
