"""Safe fixes: edits (the text edits rules offer, built on the source as written), apply
(applying them, checked again, pass by pass) and diff (showing them without applying)."""
