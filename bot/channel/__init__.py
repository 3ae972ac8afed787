"""What a chat request must be before anything reads it: the first room of the flow.

Owns the rules both chat channels apply to a request before the language layer
or a store sees it: request size and nesting, valid text in every field, the
conversation-id rule, server-issued socket.io ids, which button payloads count
as commands. Plain Python: imports only the standard library and `bot.settings`;
`rasa_plugins.channels` adapts it to Rasa's channels.
"""
