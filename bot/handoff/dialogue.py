"""What the assistant says while handing a visitor to an advisor.

Consent comes first and says what is shared, with whom and why. Every question
has a "No thanks" button; opting out shares nothing and leaves the way back open.
A visitor who already has a request is first asked whether to update it. Contact
details are read back once, in the first confirmation; after that the reference
is enough (a shared screen should not keep showing them).
"""

from __future__ import annotations

from bot.dialogue.prompts import NEXT_STEPS, Button, Prompt, choice_payload

HELPLINE = "1-800-662-4357"
NO_THANKS = Button("No thanks", "/deny")
ASK_AGAIN = "Sorry, I didn't quite catch that."

CONTACT_TIMES = (
    ("Morning", "morning"),
    ("Afternoon", "afternoon"),
    ("Evening", "evening"),
    ("Any time", "any time"),
)


def consent_question() -> Prompt:
    return Prompt(
        "I can ask one of our advisors to contact you. To do that I'd share your first "
        "name, a phone number or email, when to reach you, and this chat with our "
        "advisory team only, so they can help you find the right care. Is that okay?",
        (Button("Yes, that's okay", "/affirm"), NO_THANKS),
    )


def name_question(again: bool = False) -> Prompt:
    text = "What first name should the advisor use? A nickname is fine."
    if again:
        text = "Sorry, I didn't catch a first name. What should the advisor call you?"
    return Prompt(text, (NO_THANKS,))


def contact_question(again: bool = False) -> Prompt:
    if again:
        text = (
            "That doesn't look like a US phone number or an email address. Could you check "
            "it? For example (312) 555-0142 or name@example.com."
        )
    else:
        text = "What's the best phone number or email address to reach you?"
    return Prompt(text, (NO_THANKS,))


def time_question(again: bool = False) -> Prompt:
    text = "When is a good time to contact you?"
    if again:
        text = f"{ASK_AGAIN} {text} You can tap one of these or type a time."
    buttons = tuple(Button(title, choice_payload(value)) for title, value in CONTACT_TIMES)
    return Prompt(text, (*buttons, NO_THANKS))


def update_question(reference: str, again: bool = False) -> Prompt:
    text = f"You already have a request with reference {reference}. Would you like to update it?"
    if again:
        text = f"{ASK_AGAIN} {text}"
    return Prompt(
        text,
        (Button("Yes, update it", "/affirm"), Button("No, keep it as it is", "/deny")),
    )


def consent_again() -> Prompt:
    prompt = consent_question()
    return Prompt(f"{ASK_AGAIN} {prompt.text}", prompt.buttons)


def confirmation(
    first_name: str,
    reference: str,
    phone: str | None,
    email: str | None,
    contact_time: str | None,
    updated: bool = False,
) -> Prompt:
    when = f" ({contact_time})" if contact_time else ""
    if updated:
        opener = f"Thanks, {first_name}. I've updated your request; your reference is still {reference}."
        how = "with the details you just gave"
    else:
        opener = f"Thanks, {first_name}. Your reference is {reference}."
        how = f"by phone at {phone}" if phone else f"by email at {email}"
    return Prompt(
        f"{opener} An advisor from our team will contact you {how}{when}. If things get "
        "harder before then, call or text 988, or call 911 in an emergency. You can keep "
        "asking me questions here in the meantime.",
        NEXT_STEPS,
    )


def opt_out(earlier_reference: str | None = None) -> Prompt:
    shared = (
        f"your earlier request {earlier_reference} stays as it was" if earlier_reference else "nothing has been shared"
    )
    return Prompt(
        f"That's completely fine, and {shared}. SAMHSA's free, confidential "
        f'helpline is there 24/7 at {HELPLINE}. If you change your mind, tap "Talk to a '
        'person" any time.',
        NEXT_STEPS,
    )


def save_failed() -> Prompt:
    return Prompt(
        "I'm sorry, something went wrong on my side and I couldn't pass this on. Please "
        f"try again in a moment, or call SAMHSA's free helpline at {HELPLINE}.",
        NEXT_STEPS,
    )
