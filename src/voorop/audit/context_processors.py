from voorop.audit.selectors import is_privacy_officer


def privacy(request):
    """``user_is_privacy_officer``: whether to offer the access log in the menu."""
    return {"user_is_privacy_officer": is_privacy_officer(getattr(request, "user", None))}
