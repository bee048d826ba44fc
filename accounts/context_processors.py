def user_units(request):
    """The units the signed-in user acts for, shown in the layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_memberships": user.memberships_list}
