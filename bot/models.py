"""Imports every module that defines tables, so `Base.metadata` knows them all."""
from bot.programs import models as _programs  # noqa: F401
from bot.handoff import models as _handoff  # noqa: F401
