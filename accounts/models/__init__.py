from .tokens import *  # noqa: F403
from .users import *  # noqa: F403
