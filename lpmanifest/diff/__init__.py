"""`lpmanifest diff`: what changed between two manifests, in manifest terms.

`compare` (a pure function of two data values: no files, no printing) gives the changes,
each with its effect on the installed app (`change`); `render/` writes them as text, JSON
or Markdown; only `commands/diff.py` reads files, prints and exits.
"""
