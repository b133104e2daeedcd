from rest_framework.permissions import BasePermission

from voorop.organisations.models import PARTNER_KINDS


class IsOrganisationMember(BasePermission):
    """API access needs an authenticated, active user who belongs to an organisation.
    What that user may see is decided per object by ``voorop.authz.policy``."""

    message = "Alleen medewerkers van een aangesloten organisatie hebben toegang."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.organisation_id)


class IsPartnerOrganisationMember(BasePermission):
    """Only users of the five partner organisations of Veiligheid Voorop (VT, politie, OM,
    reclassering, Raad voor de Kinderbescherming), e.g. for dat-informatie."""

    message = "Alleen medewerkers van een partnerorganisatie van Veiligheid Voorop hebben toegang."

    def has_permission(self, request, view) -> bool:
        return (
            IsOrganisationMember().has_permission(request, view)
            and request.user.organisation.kind in PARTNER_KINDS
        )
