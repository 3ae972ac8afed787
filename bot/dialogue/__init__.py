"""What the assistant says, independent of any channel: `prompts` (a text plus
buttons, the buttons every stage offers, and the offer a text ends with),
`offers` (what a bare "yes" or "no" to the last offer means), `fallback`
(rephrase first, then offer a person) and `questions` (the questions inside one
message, and one reply to several). Imports the standard library and
bot.language (questions only); the domain packages (assessment, programs,
handoff) build their replies from it.
"""
