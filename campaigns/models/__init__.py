from .campaigns import *  # noqa: F403
from .doctypes import *  # noqa: F403
from .parts import *  # noqa: F403
