"""The web app: advisor inbox, chat widget assets and the demo page."""
