"""Words the demo generator draws from: names, bios, post templates and hashtags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

FIRST_NAMES = (
    "Ada", "Amina", "Arjun", "Bea", "Bruno", "Camille", "Chen", "Dario", "Dmitri", "Elena",
    "Emeka", "Fatima", "Felix", "Giulia", "Hana", "Hugo", "Ines", "Ivan", "Jonas", "Kai",
    "Keiko", "Lars", "Leila", "Luca", "Maya", "Mateo", "Nadia", "Noor", "Olu", "Omar",
    "Paula", "Priya", "Quentin", "Rafael", "Rosa", "Sami", "Sofia", "Tariq", "Tess", "Uma",
    "Victor", "Wen", "Xavier", "Yara", "Yusuf", "Zoe", "Anouk", "Björn", "Chiara", "Diego",
)  # fmt: skip

LAST_NAMES = (
    "Abara", "Bauer", "Castro", "Dubois", "Eriksen", "Fontaine", "García", "Haddad", "Ito",
    "Jensen", "Kowalski", "Laurent", "Mensah", "Nakamura", "Okafor", "Petrov", "Quispe",
    "Rossi", "Santos", "Tanaka", "Ueda", "Varga", "Wójcik", "Xu", "Yilmaz", "Zhang",
)  # fmt: skip

ORGANISATIONS = (
    ("citylibrary", "City Library"), ("nightbus", "Night Bus Updates"),
    ("openweather", "Open Weather Desk"), ("parkrunners", "Park Runners"),
    ("repaircafe", "Repair Café"), ("tidewatch", "Tide Watch"),
    ("townhall", "Town Hall Notes"), ("farmersmarket", "Farmers Market"),
)  # fmt: skip

BIOS = (
    "Writing about {topic} and the people who make it work.",
    "{topic} nerd. Opinions my own, typos too.",
    "Slowly learning {topic}. Ask me about {other}.",
    "Teacher by day, {topic} enthusiast by night.",
    "I post about {topic}, {other} and the occasional cat.",
    "Building small things for {topic}. Formerly {other}.",
    "Local news, {topic} and long walks.",
    "Here for {topic}. Staying for {other}.",
)

TOPICS = (
    "gardening", "cycling", "open source", "astronomy", "bread baking", "chess", "birding",
    "urban planning", "jazz", "photography", "climbing", "poetry", "public transport",
    "board games", "history", "coffee", "running", "linguistics", "film", "sailing",
)  # fmt: skip

HASHTAGS = (
    "gardening", "cycling", "opensource", "astronomy", "sourdough", "chess", "birding",
    "urbanism", "jazz", "photography", "climbing", "poetry", "transit", "boardgames",
    "history", "coffee", "running", "linguistics", "film", "sailing", "caturday",
    "introduction", "townsquare", "weekend", "books",
)  # fmt: skip

# Posts are put together from an opening, a middle and a closing, each filled in, so two
# posts by the same person rarely read alike: people do not repeat themselves the way a
# scheduled bot does, and the integrity scan (which flags repeated texts) should agree.
OPENINGS = (
    "Just finished my first {topic} project of the year.",
    "Hot take: {topic} is better in the {time}.",
    "Does anyone have a good beginner resource for {topic}?",
    "Spent the {time} on {topic} with {who}.",
    "Today I learned something surprising about {topic}.",
    "The {topic} meetup at the {place} was lovely.",
    "Quiet {day}: some {topic}, some reading, a long walk.",
    "Trying to explain {topic} to {who} went better than expected.",
    "New blog post on {topic} is up.",
    "Weather was perfect for {topic} this {time}.",
    "Three years into {topic} and still a beginner.",
    "Finally tried {topic} at the {place}.",
    "Unpopular opinion: {topic} needs more patience than talent.",
    "Back from a {day} of {topic}.",
    "Small win in {topic} today.",
    "Overheard at the {place}: a heated debate about {topic}.",
    "My {who} got me into {topic} and I owe them one.",
    "Cleaning up my notes on {topic} from last {day}.",
)
MIDDLES = (
    "It took {count} tries but it works now.",
    "The {place} was packed and nobody minded.",
    "I keep thinking about what {who} said about it.",
    "Turns out the trick is to slow down.",
    "Half of it went wrong and the other half was wonderful.",
    "Nobody warned me how much there is to read.",
    "Honestly the snacks were the highlight.",
    "I brought {who} along and now they are hooked too.",
    "",
    "",
    "Wrote down {count} things to try next time.",
    "The light at the {place} made everything look better.",
    "My hands are tired and my head is full.",
    "Somehow it always takes longer than planned.",
)
CLOSINGS = (
    "Feedback welcome!",
    "Would recommend.",
    "Good for the soul.",
    "Fight me (politely).",
    "Asking for a friend (me).",
    "More soon.",
    "",
    "",
    "",
    "Tips appreciated.",
    "Same time next {day}?",
    "What are you all up to?",
)
TIMES = ("morning", "afternoon", "evening", "night", "lunch break", "weekend")
DAYS = ("Sunday", "Monday", "Saturday", "week", "weekend", "holiday")
PLACES = ("library", "park", "community hall", "café", "river", "market", "station")
PEOPLE = ("my neighbour", "my sister", "a colleague", "my kids", "an old friend", "my dad")

REACTIONS = (
    "Love this!",
    "Same here.",
    "Could you share more details?",
    "This made me smile, thank you.",
    "Interesting point.",
    "Congratulations! 🎉",
    "Bookmarking this for later.",
    "Ha, I had exactly the same experience.",
    "Oh nice.",
    "Wait, really?",
)
FOLLOW_UPS = (
    "",
    "",
    "I see it a bit differently, but I get it.",
    "Was it at the {place}?",
    "I tried something similar last {day}.",
    "{who} would love this.",
    "How long did it take you?",
    "Keep us posted.",
    "That {place} is underrated.",
)


def fill(template: str, choose: Callable[[Sequence[str]], str], topic: str = "") -> str:
    """``template`` with its blanks filled in from the word lists above."""
    return template.format(
        topic=topic,
        time=choose(TIMES),
        day=choose(DAYS),
        place=choose(PLACES),
        who=choose(PEOPLE),
        count=choose(("two", "three", "four", "five", "a dozen")),
    )


def compose_post(choose: Callable[[Sequence[str]], str], topic: str) -> str:
    """A post about ``topic``: an opening, maybe a middle, maybe a closing."""
    parts = (choose(OPENINGS), choose(MIDDLES), choose(CLOSINGS))
    return " ".join(fill(part, choose, topic) for part in parts if part)


def compose_reply(choose: Callable[[Sequence[str]], str]) -> str:
    """A reply: a reaction and maybe a follow-up."""
    parts = (choose(REACTIONS), choose(FOLLOW_UPS))
    return " ".join(fill(part, choose) for part in parts if part)
