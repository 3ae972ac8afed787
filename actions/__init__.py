"""Custom actions: thin rasa_sdk wrappers that read slots, call bot/, and turn the
result into messages and events. rasa_sdk loads every Action subclass in this
package; `actions.server` serves them (started by `python -m bot run`)."""

from actions import assessment, conversation, faq, handoff, search  # noqa: F401
