"""Sources: text to data plus positions. formats (suffix to format), read (I/O, limits,
decoding), document and locations (what a loaded source holds), json_source and
yaml_source (the two parsers), nesting and limits (what is refused before and after)."""
