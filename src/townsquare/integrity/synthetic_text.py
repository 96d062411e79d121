"""Texts for the synthetic network (synthetic.py): a Zipf vocabulary of made-up words,
sentences, headlines, bot templates and the paraphrase levels of campaigns."""

from __future__ import annotations

import numpy as np

SYLLABLES = (
    *("ka", "ro", "mi", "tu", "le", "sa", "no", "vi", "da", "pe", "lo", "ri", "ma", "te"),
    *("zu", "bo", "ne", "fa", "gi", "ha", "ju", "ko", "lu", "mo", "na", "po", "qui", "re"),
    *("si", "ta", "va", "we", "xo", "ya", "ze", "an", "el", "is", "or", "un", "ber", "con"),
    *("dis", "en", "gar", "ist", "mar", "nor", "per", "ton", "ver", "wal"),
)
COPY, LIGHT, SWAPS, REWORDED = "copy-paste", "light-edits", "word-swaps", "reworded"
PARAPHRASE_LEVELS = (COPY, LIGHT, SWAPS, REWORDED)
# Share of words replaced by another word at each level (light edits add and drop words).
SWAP_SHARE = {COPY: 0.0, LIGHT: 0.0, SWAPS: 0.15, REWORDED: 0.4}


class Vocabulary:
    """Made-up words with Zipf frequencies (rank r has weight 1 / r^1.05), like a language."""

    def __init__(self, rng: np.random.Generator, size: int = 20_000) -> None:
        words: set[str] = set()
        while len(words) < size:
            parts = rng.choice(SYLLABLES, size=int(rng.integers(1, 4)))
            words.add("".join(parts))
        self.words = np.array(sorted(words))
        rng.shuffle(self.words)
        weights = 1.0 / np.arange(1, size + 1) ** 1.05
        self.cumulative = np.cumsum(weights / weights.sum())

    def draw(self, rng: np.random.Generator, count: int) -> list[str]:
        """``count`` words drawn by frequency."""
        picks = np.searchsorted(self.cumulative, rng.random(count), "right")
        return self.words[np.minimum(picks, len(self.words) - 1)].tolist()

    def sentence(self, rng: np.random.Generator, low: int = 4, high: int = 30) -> str:
        """A post of ``low`` to ``high`` words (short posts are the most common)."""
        count = int(np.clip(rng.lognormal(np.log(11), 0.55), low, high))
        words = self.draw(rng, count)
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice([".", "!", "?", "", " :)"])

    def link(self, rng: np.random.Generator) -> str:
        """A news-like link; a tracking query string, as share buttons add, half the time."""
        host = "".join(self.draw(rng, 1)) + rng.choice([".com", ".org", ".news", ".net"])
        path = "-".join(self.draw(rng, 4))
        query = f"?utm_source=share&id={rng.integers(1_000_000)}" if rng.random() < 0.5 else ""
        return f"https://{host}/{path}{query}"

    def paraphrase(self, rng: np.random.Generator, text: str, level: str) -> str:
        """``text`` as a campaign member re-posts it at ``level``."""
        words = text.split()
        if level != COPY:
            swaps = rng.random(len(words)) < SWAP_SHARE[level]
            for k in np.flatnonzero(swaps):
                if not words[k].startswith("http"):
                    words[k] = self.draw(rng, 1)[0]
        if level in (LIGHT, SWAPS, REWORDED):
            if rng.random() < 0.5:
                words = [*self.draw(rng, int(rng.integers(1, 3))), *words]
            if rng.random() < 0.5:
                words = [*words, "#" + self.draw(rng, 1)[0]]
            if rng.random() < 0.3 and len(words) > 8:
                del words[int(rng.integers(len(words)))]
        text = " ".join(words)
        return text.upper() if level == LIGHT and rng.random() < 0.1 else text


def bot_template(vocab: Vocabulary, rng: np.random.Generator) -> tuple[str, ...]:
    """The fixed words of a scheduled bot's posts; numbers (and one choice) fill the gaps."""
    head = " ".join(vocab.draw(rng, int(rng.integers(2, 6))))
    tail = " ".join(vocab.draw(rng, int(rng.integers(2, 8))))
    choices = tuple(" ".join(vocab.draw(rng, 2)) for _ in range(int(rng.integers(1, 6))))
    return (head, tail, *choices)


def fill_template(template: tuple[str, ...], rng: np.random.Generator) -> str:
    """One post of a templated bot: the same words around changing numbers."""
    head, tail, *choices = template
    choice = choices[int(rng.integers(len(choices)))]
    return f"{head.capitalize()} {rng.integers(100000)} {choice} {tail} {rng.integers(60):02d}"


def spam_text(vocab: Vocabulary, rng: np.random.Generator, template: tuple[str, ...]) -> str:
    """A spam post: the template with a few words varied to dodge exact-match filters."""
    words = " ".join(template).split()
    for k in np.flatnonzero(rng.random(len(words)) < 0.1):
        words[k] = vocab.draw(rng, 1)[0]
    return " ".join(words) + f" {vocab.link(rng)}"
