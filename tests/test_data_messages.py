"""The inbox (inbox_messages): authentic, varied Chinese messages with honest labels (review S15)."""

from __future__ import annotations

import re

import pytest

from servicelab import data
from servicelab.synth import world

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def inbox():
    return data.load("inbox_messages")


def test_topic_and_channel_shares_follow_the_world(inbox):
    # About 2,800 messages: a share is within 3 points of the world's unless the generator ignores it.
    topics = inbox["topic"].value_counts(normalize=True)
    for topic, share in world.MESSAGE_TOPIC_SHARE.value.items():
        assert topics[topic] == pytest.approx(share, abs=0.03), topic
    channels = inbox["channel"].value_counts(normalize=True)
    for channel, share in world.MESSAGE_CHANNEL_SHARE.value.items():
        assert channels[channel] == pytest.approx(share, abs=0.03), channel


def test_messages_are_chinese_and_varied_not_templates(inbox):
    assert inbox["text"].map(lambda t: bool(HAN.search(t)) or t.strip("？?") == "").mean() > 0.98
    # Most distinct; the only frequent repeats are short fragments like 在吗 ("are you there?").
    assert inbox["text"].nunique() / len(inbox) > 0.85
    repeats = inbox["text"].value_counts()
    assert repeats[repeats > 5].index.str.len().max() <= 15
    # Lengths vary from a word to a paragraph.
    lengths = inbox["text"].str.len()
    assert lengths.min() <= 3 and lengths.max() >= 60
    # Slips of real typing are present (发漂 for 发票, 推房 for 退房 ...).
    assert inbox["text"].str.contains("发漂|推房|取销|早参|行礼|积份|房件").sum() >= 20


def test_labels_are_honest(inbox):
    # Complaints, lost property and messages that need the conversation never go to a bot.
    needs_person = inbox["topic"].isin(["complaint", "lost_property", "other"]) | inbox["needs_context"]
    assert not inbox.loc[needs_person, "bot_answerable"].any()
    # Within a topic, some requests a bot can answer and some it cannot (refunds, corrections ...).
    mixed = inbox.groupby("topic")["bot_answerable"].mean()
    for topic in ("booking", "change_cancel", "invoice", "facilities", "check_in_out", "loyalty"):
        assert 0.1 < mixed[topic] < 0.95, topic
    # Genuinely ambiguous messages exist (5-10%); second topics differ from the first.
    assert 0.03 < inbox["needs_context"].mean() < 0.12
    second = inbox.dropna(subset=["second_topic"])
    assert len(second) > 100 and (second["second_topic"] != second["topic"]).all()


def test_the_same_words_can_carry_different_topics(inbox):
    # An ambiguous fragment appears under more than one label, so no rule on the text alone can be
    # right on all of them: a triage rule's accuracy has a ceiling below 100%.
    ambiguous = inbox[inbox["needs_context"]]
    labels = ambiguous.groupby("text")["topic"].nunique()
    assert (labels > 1).sum() >= 3


def test_every_message_has_an_english_gloss(inbox):
    assert inbox["gloss"].map(lambda t: not HAN.search(t.replace("宾至如归", ""))).mean() > 0.99
