"""The scope of every event: political violence, terrorism, criminal or unknown."""

from eventcoder.pipeline import extract


def scopes(text: str) -> list[str | None]:
    return [e.scope for e in extract(text, published="2021-03-14")]


def test_an_armed_group_attacking_villagers_is_terrorism():
    text = "Boko Haram militants killed 20 villagers in an attack on the town of Konduga in Borno state on Saturday."
    assert scopes(text) == ["terrorism"]


def test_an_armed_group_fighting_soldiers_is_political_violence():
    text = "Boko Haram fighters clashed with soldiers near Konduga in Borno state on Saturday, killing five troops."
    assert scopes(text) == ["political violence"]


def test_a_lone_gunman_in_a_domestic_shooting_is_criminal():
    text = (
        "A man was shot and killed at his home in Dayton, Ohio, on Saturday night after a domestic dispute, "
        "police said. The suspect was charged with murder."
    )
    assert set(scopes(text)) == {"criminal"}


def test_a_shooting_with_no_actor_and_no_crime_words_is_unknown():
    text = "Two people were killed in a shooting in Dayton, Ohio, on Saturday."
    assert scopes(text) == ["unknown"]


def test_every_event_has_a_scope():
    text = (
        "Russian warplanes struck a market in Maarat al-Numan in Idlib province on Sunday, killing nine civilians. "
        "Protesters marched in Damascus on Monday."
    )
    assert all(scopes(text))
