"""Words the demo generator draws from: names, bios, post templates and hashtags."""

from __future__ import annotations

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

POSTS = (
    "Just finished my first {topic} project of the year and I'm oddly proud of it.",
    "Hot take: {topic} is better in the morning. Fight me (politely).",
    "Does anyone have a good beginner resource for {topic}? Asking for a friend (me).",
    "Spent the afternoon on {topic}. Ten out of ten, would recommend.",
    "Today I learned something surprising about {topic}: it takes patience, not talent.",
    "Three things I wish I'd known before starting {topic}: practice, community, snacks.",
    "The {topic} meetup tonight was lovely. Thanks to everyone who came!",
    "Quiet day. Some {topic}, some reading, a long walk. Good for the soul.",
    "Reminder that you don't need to be an expert to enjoy {topic}.",
    "New blog post on {topic} is up. Feedback welcome!",
    "Weather was perfect for {topic} today. Hope yours was as good.",
    "Trying to explain {topic} to my neighbour went better than expected.",
)

REPLIES = (
    "Love this!",
    "Same here, it was a great day for it.",
    "Could you share more details? I'd like to try.",
    "This made me smile, thank you.",
    "Interesting point. I see it a bit differently, but I get it.",
    "Congratulations! 🎉",
    "Bookmarking this for later.",
    "Ha, I had exactly the same experience.",
)
