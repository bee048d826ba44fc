def user_units(request):
    """The units the signed-in user acts for, shown in the layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = user.memberships_list
    return {"my_memberships": memberships, "i_sign": user.is_superuser or any(m.role == "leader" for m in memberships)}
