"""What lpmanifest writes: report/ (one module per report format), serialize (manifest data
as JSON or YAML text), redact (credentials kept out of every output) and writes (the one
write path: atomic, through links, never over what may not be replaced)."""
