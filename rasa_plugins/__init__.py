"""Code that runs inside the Rasa server: channels, NLU components, stores."""

from rasa_plugins import speedups

speedups.apply()
