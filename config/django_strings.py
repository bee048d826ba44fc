"""Django's (and django-simple-history's) own messages that their Vietnamese catalogues leave in English and that a
user of this app can meet (a form with a NUL character, a tampered formset, a bad page number, the CSRF page).
Listing them here puts them into locale/vi, which Django reads before its own catalogues. Nothing imports this."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a complete value."),
    gettext_noop("ManagementForm data is missing or has been tampered with"),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("Messages"),
    # django-simple-history has no Vietnamese catalogue: the kinds of change shown in every history list.
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
)
