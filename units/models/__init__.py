from .clusters import *  # noqa: F403
from .units import *  # noqa: F403
