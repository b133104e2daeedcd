from django.conf import settings


def voorop(request):
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "current_organisation": getattr(user, "organisation", None) if user else None,
    }
