"""A visitor who already has a handoff asks for a person again (issue 10, finding 5):
the wording (bot/handoff/dialogue.py), plain Python, no Rasa."""

from __future__ import annotations

import bot.handoff.dialogue as dialogue

PHONE = "(720) 555-0143"
EMAIL = "ann@example.com"


def test_the_updated_confirmation_gives_the_reference_not_the_contact_details():
    for phone, email in ((PHONE, None), (None, EMAIL)):
        prompt = dialogue.confirmation("Ann", "KTDVCS", phone, email, "weekday mornings", updated=True)
        assert "KTDVCS" in prompt.text and "weekday mornings" in prompt.text
        assert PHONE not in prompt.text and EMAIL not in prompt.text
        assert "phone" not in prompt.text and "email" not in prompt.text


def test_the_first_confirmation_still_reads_the_details_back_once():
    prompt = dialogue.confirmation("Ann", "KTDVCS", PHONE, None, "weekday mornings")
    assert "Your reference is KTDVCS" in prompt.text and PHONE in prompt.text


def test_asking_whether_to_update_names_the_reference_and_offers_yes_or_no():
    prompt = dialogue.update_question("KTDVCS")
    assert "You already have a request with reference KTDVCS" in prompt.text
    assert "update it?" in prompt.text
    assert [b.payload for b in prompt.buttons] == ["/affirm", "/deny"]
    again = dialogue.update_question("KTDVCS", again=True)
    assert again.text.startswith(dialogue.ASK_AGAIN) and "KTDVCS" in again.text
    assert again.buttons == prompt.buttons


def test_no_contact_details_in_the_update_question_or_the_opt_out():
    for prompt in (dialogue.update_question("KTDVCS"), dialogue.opt_out("KTDVCS")):
        assert PHONE not in prompt.text and EMAIL not in prompt.text
