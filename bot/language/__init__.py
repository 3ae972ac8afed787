"""Reading visitors' words: the layer every other stage builds on.

Owns text normalisation with offsets and the pattern index (`text`), the
deterministic intake facts read from a message (`intake_facts`) and the
shared preference vocabulary (`preferences`). Imports only the standard
library: nothing in `bot` is below it.
"""
