"""JSON Schemas for report data, rule packs and configuration (data files beside this module)."""
