from .catalogue import *  # noqa: F403
from .decisions import *  # noqa: F403
from .history import *  # noqa: F403
