"""What the assistant says, independent of any channel: `prompts` (a text plus
buttons, the buttons every stage offers, and the offer a text ends with),
`offers` (what a bare "yes" or "no" to the last offer means) and `fallback`
(rephrase first, then offer a person). Imports only the standard library; the domain packages
(assessment, programs, handoff) build their replies from it.
"""
