"""Code that runs inside the Rasa server: channels, NLU components, stores."""
