from .exports import *  # noqa: F403
from .indicators import *  # noqa: F403
