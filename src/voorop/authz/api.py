from rest_framework.permissions import BasePermission


class IsOrganisationMember(BasePermission):
    """API access needs an authenticated, active user who belongs to an organisation.
    What that user may see is decided per object by ``voorop.authz.policy``."""

    message = "Alleen medewerkers van een aangesloten organisatie hebben toegang."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.organisation_id)
