"""What the assistant says, independent of any channel: `prompts` (a text plus
buttons, and the buttons every stage offers) and `fallback` (rephrase first,
then offer a person). Imports only the standard library; the domain packages
(assessment, programs, handoff) build their replies from it.
"""
