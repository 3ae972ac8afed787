"""IOP intake assistant: the domain logic, in plain Python (no Rasa imports)."""
