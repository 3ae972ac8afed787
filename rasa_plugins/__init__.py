"""Code that runs inside the Rasa server: channels, NLU components, stores."""

from rasa_plugins import featurise_once, speedups

speedups.apply()
featurise_once.apply()
