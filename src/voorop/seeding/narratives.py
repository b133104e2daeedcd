"""Short Dutch narratives for synthetic meldingen, filled in from templates.

The texts are data, not user interface: they stay Dutch and are not translated. They only ever
name synthetic persons (by roepnaam) and never describe real events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(slots=True)
class Context:
    victim: str = ""
    suspect: str = ""
    #: Object pronoun of the victim ("haar" / "hem").
    pronoun: str = "haar"
    relation: str = "partner"
    children: tuple[str, ...] = ()
    child: str = ""
    child_age: int = 0
    date: str = ""
    hospital: str = ""
    age: int = 0
    caller: str = "buren"


_VIOLENCE = (
    "{p} heeft geslagen",
    "{p} heeft geduwd",
    "{p} bij de keel heeft gegrepen",
    "met spullen naar {p} heeft gegooid",
    "heeft gedreigd {p} iets aan te doen",
    "{p} tegen de muur heeft geduwd",
    "{p} heeft geschopt",
    "{p} aan de haren door de kamer heeft getrokken",
    "{p} met een mes heeft bedreigd",
)
_INJURY = (
    "roodheid in de hals",
    "een blauwe plek op de bovenarm",
    "een gezwollen lip",
    "schaafwonden aan de knieën",
    "geen zichtbaar letsel",
    "pijn aan de ribben",
    "een bloedneus",
)
_AFTERMATH = (
    "Verdachte is ter plaatse aangehouden.",
    "Verdachte was bij aankomst vertrokken; signalering opgenomen.",
    "Partijen zijn gescheiden; {s} overnacht elders.",
    "Zorgmelding aan Veilig Thuis volgt.",
    "Slachtoffer wil (nog) geen aangifte doen.",
    "Veilig Thuis telefonisch geconsulteerd; afspraken gemaakt voor de nacht.",
)
_PROFESSIONALS = (
    "leerkracht basisschool",
    "huisarts",
    "medewerker sociaal wijkteam",
    "pedagogisch medewerker kinderopvang",
    "jeugdarts GGD",
    "verloskundige",
    "GGZ-behandelaar",
    "intern begeleider",
)
_CHILD_SIGNALS = (
    "{c} komt regelmatig met blauwe plekken naar school en vertelt dat {s} dan boos was",
    "{c} is angstig, slaapt slecht en vertelt over ruzies en slaan thuis",
    "{c} vertelt door {s} met een riem te worden geslagen",
    "{c} wordt vaak niet opgehaald en komt zonder eten naar school",
    "{c} zegt niet naar huis te durven",
)
_PARTNER_SIGNALS = (
    "{v} vertelt over geweld door {s}, waar de kinderen bij zijn",
    "{v} komt met een blauw oog op het spreekuur en zegt bang te zijn voor {s}",
    "{v} durft niet meer naar huis; {s} controleert haar telefoon en geld",
    "zorgen over spanningen thuis; {v} vertelt dat {s} haar heeft geduwd en gedreigd",
)
_HOSPITAL_INJURY = (
    "een spiraalfractuur van de bovenarm",
    "blauwe plekken op wangen en oren",
    "brandwonden op de handpalm",
    "een schedelfractuur na een vermeende val van de bank",
    "meerdere ribfracturen van verschillende ouderdom",
    "onverklaarde blauwe plekken op de rug",
)
_STALKING = (
    "{v} meldt dat ex-partner {s} opnieuw bij de woning heeft gestaan.",
    "{v} ontving in één avond tientallen berichten en oproepen van ex-partner {s}.",
    "De sleutel van de woning van {v} is weg; {v} vermoedt dat de ex-partner die heeft meegenomen.",
    "Voordeur van de woning van {v} beschadigd; {v} verdenkt de ex-partner.",
    "Ex-partner {s} volgt {v} met de auto naar het werk.",
    "Bij de overdracht van de kinderen dreigt {s} {v} iets aan te doen.",
    "{s} plaatst berichten over {v} op sociale media en staat bij de school van de kinderen.",
    "Banden van de auto van {v} lek gestoken; camerabeelden tonen een persoon die lijkt op {s}.",
)
_ELDER = (
    "Thuiszorgmedewerker meldt zorgen om {v} ({a}): onverklaarde blauwe plekken; {s} beheert "
    "het geld en weigert hulp.",
    "Huisarts meldt dat {v} ({a}) is vermagerd en verwaarloosd lijkt; {s} reageert agressief.",
    "Bank meldt ongebruikelijke opnames van de rekening van {v} ({a}); {s} heeft een machtiging.",
    "Buurvrouw meldt dat zij {s} tegen {v} hoort schreeuwen en dat {v} de deur niet meer uit mag.",
)
_HONOUR = (
    "Melding school: {v} ({a}) vertelt dat zij wordt bedreigd door {s} omdat zij een relatie "
    "heeft; zij durft niet naar huis.",
    "{v} ({a}) meldt bedreiging door {s} in verband met de eer van de familie. LEC EGG "
    "geconsulteerd.",
    "Zorgen over voorgenomen huwelijk van {v} ({a}) in het buitenland; {s} houdt haar paspoort "
    "vast.",
)


def _fill(template: str, ctx: Context) -> str:
    return template.format(
        v=ctx.victim,
        s=ctx.suspect,
        p=ctx.pronoun,
        c=ctx.child or "het kind",
        a=ctx.age,
    )


def _children_sentence(rng: random.Random, ctx: Context) -> str:
    if not ctx.children:
        return "Er waren geen kinderen aanwezig."
    names = ", ".join(ctx.children)
    return rng.choice(
        (
            f"Kinderen aanwezig ({names}); kindcheck uitgevoerd.",
            f"De kinderen ({names}) waren in de woning en hebben het incident gehoord.",
            f"{len(ctx.children)} kind(eren) aanwezig; kindcheck gedaan, geen letsel bij de "
            "kinderen.",
        )
    )


def police_incident(rng: random.Random, ctx: Context) -> str:
    violence = _fill(rng.choice(_VIOLENCE), ctx)
    aftermath = _fill(rng.choice(_AFTERMATH), ctx)
    return (
        f"Melding van {ctx.caller} over ruzie in de woning. Ter plaatse verklaart "
        f"{ctx.victim} dat {ctx.relation} {ctx.suspect} {violence}. Letsel: "
        f"{rng.choice(_INJURY)}. {_children_sentence(rng, ctx)} {aftermath}"
    )


def aangifte(rng: random.Random, ctx: Context, stalking: bool = False) -> str:
    if stalking:
        return (
            f"Aangifte belaging (art. 285b Sr) door {ctx.victim} tegen ex-partner {ctx.suspect}: "
            "blijft berichten sturen en staat bij de woning, ondanks verzoek om het contact te "
            "stoppen. Screeningsinstrument ex-partnerstalking ingevuld."
        )
    return (
        f"Aangifte mishandeling door {ctx.victim} tegen {ctx.relation} {ctx.suspect} naar "
        f"aanleiding van het incident van {ctx.date}. Letsel: {rng.choice(_INJURY)}."
    )


def aanhouding(rng: random.Random, ctx: Context, stalking: bool = False) -> str:
    offence = "belaging (art. 285b Sr)" if stalking else "mishandeling (art. 300 Sr)"
    return rng.choice(
        (
            f"Verdachte {ctx.suspect} aangehouden ter zake {offence} van {ctx.victim}. "
            "Voorgeleid; zaak naar ZSM.",
            f"{ctx.suspect} op heterdaad aangehouden na melding huiselijk geweld; ingesloten. "
            "ZSM-partners en Veilig Thuis geïnformeerd.",
        )
    )


def stranger_arrest(rng: random.Random, ctx: Context, place: str) -> str:
    """An arrest that is not huiselijk geweld: a fight or a theft with someone from outside the
    family (``simulation._Family.stranger_arrest``)."""
    return rng.choice(
        (
            f"Verdachte {ctx.suspect} aangehouden ter zake mishandeling (art. 300 Sr) van "
            f"{ctx.victim} na een vechtpartij bij {place}. Partijen kennen elkaar niet.",
            f"{ctx.suspect} aangehouden na een burenruzie over geluidsoverlast; "
            f"{ctx.victim} (buurman/buurvrouw) heeft letsel aan de arm. Zaak naar ZSM.",
            f"Verdachte {ctx.suspect} op heterdaad aangehouden na winkeldiefstal; "
            f"{ctx.victim} (medewerker) geduwd bij de uitgang.",
            f"{ctx.suspect} aangehouden na bedreiging van {ctx.victim} in het verkeer "
            "(art. 285 Sr). Geen relatie tussen partijen.",
        )
    )


def zorgmelding(rng: random.Random, ctx: Context, what: str, on_scene: bool = False) -> str:
    kids = "ja" if ctx.children else "nee"
    if on_scene:
        return (
            f"Politie belt vanaf de locatie (Samen op in acuut) na {what} tussen {ctx.victim} "
            f"en {ctx.suspect}. Kinderen aanwezig: {kids}. Veiligheidsbeoordeling ter plaatse; "
            "afspraken over de nacht gemaakt."
        )
    return (
        f"Zorgmelding politie naar aanleiding van {what} op {ctx.date} tussen {ctx.victim} en "
        f"{ctx.suspect}. Kinderen aanwezig: {kids}. Verzoek om veiligheidsbeoordeling."
    )


def professional(rng: random.Random, ctx: Context, about_child: bool = True) -> str:
    signal = _fill(rng.choice(_CHILD_SIGNALS if about_child else _PARTNER_SIGNALS), ctx)
    return f"Melding {rng.choice(_PROFESSIONALS)} (Meldcode): {signal}."


def citizen(rng: random.Random, ctx: Context) -> str:
    return rng.choice(
        (
            "Buurvrouw meldt dat zij al weken harde ruzies en gegil hoort; de kinderen huilen "
            "vaak.",
            f"Familielid meldt dat {ctx.victim} bang is voor {ctx.suspect} en niet meer vrij "
            "mag komen en gaan.",
            "Anonieme melder hoort regelmatig slaan en schreeuwen in de woning.",
            f"Buurman zag {ctx.suspect} {ctx.victim} op straat hardhandig meetrekken.",
        )
    )


def hospital(rng: random.Random, ctx: Context) -> tuple[str, str]:
    """The narrative everyone with access to the melding reads, and the medical findings that
    only the vertrouwensarts sees."""
    narrative = (
        f"Melding {ctx.hospital} (SEH): {ctx.child} ({ctx.child_age} jr) gepresenteerd met "
        "letsel waarbij de verklaring van de ouders niet past. LECK geconsulteerd."
    )
    medical = f"Bevindingen SEH-arts: {rng.choice(_HOSPITAL_INJURY)}. " + rng.choice(
        (
            "Skeletonderzoek aangevraagd.",
            "Oogarts: geen retinabloedingen.",
            "Forensisch arts heeft letsel gedocumenteerd.",
            "Opgenomen ter observatie.",
        )
    )
    return narrative, medical


def hssk_police(rng: random.Random, ctx: Context) -> str:
    return (
        f"Melding Veilig Thuis (samenwerken bij strafbare kindermishandeling) over letsel bij "
        f"{ctx.child}. Anoniem casusoverleg gevoerd; gezamenlijk onderzoeksplan opgesteld."
    )


def stalking(rng: random.Random, ctx: Context) -> str:
    return _fill(rng.choice(_STALKING), ctx)


def elder(rng: random.Random, ctx: Context) -> str:
    return _fill(rng.choice(_ELDER), ctx)


def honour(rng: random.Random, ctx: Context) -> str:
    return _fill(rng.choice(_HONOUR), ctx)
