from .papers import *  # noqa: F403
from .proposals import *  # noqa: F403
from .sheets import *  # noqa: F403
from .stages import *  # noqa: F403
