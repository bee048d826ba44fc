from .users import *  # noqa: F403
