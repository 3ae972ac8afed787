"""Reading visitors' words: the layer every other stage builds on.

Owns text normalisation with offsets (`text`, from character `folding`,
de-leeting in `leet` and the offsets of `mapped_text`), the pattern index
(`patterns`), clauses and negation scope (`clauses`), the words every reader
of free text shares: relations with one canonical name each, negators,
pronouns (`vocabulary`, data in vocabulary.yml), the deterministic intake
facts read from a message (`intake_hits` finds the cues, `intake_facts` decides; the cues are data in
intake_cues.yml, loaded by `cues`) and the shared preference vocabulary
(`preferences`). bot/assessment's answer parser reads free text through
`clauses` and `vocabulary` too, so both name a relation and see a negation
the same way. Imports the standard library and PyYAML only: nothing in `bot`
is below it.
"""
