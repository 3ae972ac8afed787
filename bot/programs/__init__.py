"""Treatment programs: the directory model, importer and search."""
