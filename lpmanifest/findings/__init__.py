"""Findings: the one finding type and its kinds (model), how findings say things (wording),
and the kinds that loading and the schema report (load_rules, schema_rules)."""
