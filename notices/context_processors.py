from django.utils.functional import SimpleLazyObject

from notices.models import Notice


def unread(request):
    """``unread_notices``: how many notices the signed-in user has not read, counted once and only when a template
    uses it (the navbar badge)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: Notice.objects.filter(user=user, read_at__isnull=True).count())}
