"""factory_boy factories with Dutch Faker data, shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from voorop.accounts.models import User, UserRole
from voorop.cases.models import Case, Phase
from voorop.meldingen.models import Channel, InvolvementRole, Melding, MeldingKind, MeldingPerson
from voorop.organisations.models import Organisation, OrganisationKind, Region, RegionKind
from voorop.persons.models import (
    Address,
    FamilyMembership,
    FamilySystem,
    OrganisationInvolvement,
    Person,
    Relation,
    RelationKind,
    Sex,
)

factory.Faker._DEFAULT_LOCALE = "nl_NL"

TEST_PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - test-only password


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"vt-regio-{n}")
    name = factory.Faker("city")
    kind = RegionKind.VT_REGIO


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.kind} {o.code}")
    kind = OrganisationKind.VT
    contact_phone = "088-1234567"
    contact_email = factory.LazyAttribute(lambda o: f"team@{o.code}.example.nl")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            UserRole.objects.bulk_create([UserRole(user=self, role=r) for r in extracted])
            self._role_codes = None


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Faker("first_name")
    surname = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=80)
    sex = Sex.ONBEKEND
    recorded_by = factory.SubFactory(OrganisationFactory)


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(PersonFactory)
    street = factory.Faker("street_name")
    house_number = factory.Faker("building_number")
    city = factory.Faker("city")
    valid_from = dt.date(2020, 1, 1)

    @factory.lazy_attribute
    def postcode(self):
        from faker import Faker

        return Faker("nl_NL").postcode().replace(" ", "")


class FamilySystemFactory(DjangoModelFactory):
    class Meta:
        model = FamilySystem

    reference = factory.Sequence(lambda n: f"GS-{n:06d}")
    name = factory.LazyAttribute(lambda o: f"Gezin {o.reference}")
    recorded_by = factory.SubFactory(OrganisationFactory)


class FamilyMembershipFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMembership

    family_system = factory.SubFactory(FamilySystemFactory)
    person = factory.SubFactory(PersonFactory)


class RelationFactory(DjangoModelFactory):
    class Meta:
        model = Relation

    family_system = factory.SubFactory(FamilySystemFactory)
    person_a = factory.SubFactory(PersonFactory)
    person_b = factory.SubFactory(PersonFactory)
    kind = RelationKind.PARTNER
    recorded_by = factory.SelfAttribute("family_system.recorded_by")


class InvolvementFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationInvolvement

    family_system = factory.SubFactory(FamilySystemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    since = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    family_system = factory.SubFactory(FamilySystemFactory)
    reference = factory.Sequence(lambda n: f"Z-{n:06d}")
    phase = Phase.ACUUT
    recorded_by = factory.SelfAttribute("family_system.recorded_by")
    first_contact_organisation = factory.SelfAttribute("recorded_by")
    opened_at = factory.LazyFunction(timezone.now)
    phase_changed_at = factory.LazyFunction(timezone.now)


class MeldingFactory(DjangoModelFactory):
    class Meta:
        model = Melding

    reference = factory.Sequence(lambda n: f"M-{n:07d}")
    source_organisation = factory.SubFactory(OrganisationFactory)
    kind = MeldingKind.VT_MELDING
    channel = Channel.TELEFOON
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    received_at = factory.LazyFunction(timezone.now)
    label_hg = True
    narrative = factory.Faker("paragraph")
    family_system = factory.SubFactory(FamilySystemFactory)


class MeldingPersonFactory(DjangoModelFactory):
    class Meta:
        model = MeldingPerson

    melding = factory.SubFactory(MeldingFactory)
    person = factory.SubFactory(PersonFactory)
    role = InvolvementRole.SLACHTOFFER
    given_names = factory.SelfAttribute("person.given_names")
    prefix = factory.SelfAttribute("person.prefix")
    surname = factory.SelfAttribute("person.surname")
    date_of_birth = factory.SelfAttribute("person.date_of_birth")
