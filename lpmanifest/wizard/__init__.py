"""`lpmanifest new`'s wizard: it fills a template and can only produce a valid manifest.

    events.py   the webhook events: which keys are events, and the ones offered
    keys.py     answer keys (`capabilities.webhooks["ms.X"].endpoint`) and nested data access
    fields.py   questions and answer checks derived from the bundled schema and templates
    answers.py  answers given up front: `--set KEY=VALUE` and `--answers FILE`
    terminal.py the Terminal protocol: what a person is asked through, and Ctrl-B's GoBack
    history.py  the way back: every answer replayed to reach the previous question
    modes.py    one Prompter per mode: a person, `--yes`, no terminal (defaults, or missing)
    asking.py   how one answer is put to a person, prompt by prompt, checked as it is typed
    flow.py     the questions in order, the same walk in every mode
    unknown_keys.py  keys the schema does not define, renamed or removed at a person's word
    session.py  one run: the starting manifest, the passes of the walk, what it produced
    review.py   the finished manifest as text, and its findings
    roundtrip.py  edit mode's output: the `--from` file changed only where answers changed it
    prompts.py  questionary prompts and the rich review (imported only at a terminal)

Refusing the output up front, writing, and the exit codes are the command's
(`lpmanifest.commands.new`).
"""
