"""Rule packs: the data that says what a report must be.

- `pack.py`      Rule, RulePack, and PackSet (the packs of a run, and which one a report is
                 checked against)
- `load.py`      loading a pack folder and validating every file, naming file and line
- `examples.py`  a rule's failing and passing examples, run
- `docs.py`      a rule's documentation (`explain`, docs/rules.md, SARIF help)
- `validate.py`  `reportlint validate-rules`: a user's own pack checked as it would load

Packs sit below readers, checks and the engine: nothing here imports them (the examples get
the engine's `lint_example` passed in).
"""
