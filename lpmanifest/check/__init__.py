"""Checking: what `validate` decides, and nothing it prints.

checker (load findings, schema, rules, suppressions, severities), discovery (which files a
run reads), engine and explain (the schema and its findings in words), suppress (inline
`lpmanifest:` comments), config (settings files), pool (many files on several processes),
summary (what a run found, counted).
"""
