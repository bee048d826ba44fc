"""Vietnamese text helpers: composed Unicode and a diacritic-free search key."""

import unicodedata
from functools import lru_cache

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """The composed (NFC) form: 'Lâu' typed with combining marks becomes the same string as a precomposed one."""
    return unicodedata.normalize("NFC", text or "").strip()


@lru_cache(maxsize=8192)  # a pure function of the text; the roll-up keys every figure's name by it on each call
def search_key(text: str) -> str:
    """Lower case without diacritics, spaces folded: 'Xã Cao Lâu' -> 'xa cao lau', 'Đạn' -> 'dan'."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
