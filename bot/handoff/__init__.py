"""Advisor handoff: records, transcripts, delivery and the advisor inbox data."""
