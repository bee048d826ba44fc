"""Money that goes with an award (law-notes §1.9; Nghị định 152/2025 Điều 49): the rule's multiple of the base
salary in force on the decision date, 1,5 times for a household, rounded UP to the next 10.000 đồng."""

import datetime
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.models import BaseSalary
from awards.rules import rule_for
from units import vn

__all__ = ("ROUND_TO", "HOUSEHOLD_FACTOR", "base_salary", "money_for", "award_amount", "vnd")

ROUND_TO = 10_000
HOUSEHOLD_FACTOR = Decimal("1.5")

ERR_NO_BASE_SALARY = gettext_noop("No base salary is in force on %(date)s: enter it in the administration.")


def base_salary(on: datetime.date) -> int:
    salary = BaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if salary is None:
        raise ValidationError(_(ERR_NO_BASE_SALARY) % {"date": on.strftime("%d/%m/%Y")})
    return salary.amount


def money_for(factor: Decimal, salary: int, *, household: bool = False) -> int:
    """factor × salary (× 1,5 for a household), rounded up to 10.000 đồng: 0,3 × 2.340.000 = 702.000 → 710.000."""
    amount = Decimal(factor) * salary * (HOUSEHOLD_FACTOR if household else 1)
    return int((amount / ROUND_TO).to_integral_value(rounding=ROUND_CEILING)) * ROUND_TO


def award_amount(*, award_type, on: datetime.date, household: bool = False) -> int:
    """The money for one recipient of the award decided on that date (0 when no rule is in force then)."""
    rule = rule_for(award_type, on)
    if rule is None or not rule.money_factor:
        return 0
    return money_for(rule.money_factor, base_salary(on), household=household)


def vnd(amount: int) -> str:
    """2340000 -> '2.340.000'."""
    return vn.number(amount)
