from .base import *  # noqa: F403
from .clusters import *  # noqa: F403
from .successions import *  # noqa: F403
from .units import *  # noqa: F403
