"""Vietnamese text helpers: composed Unicode and a diacritic-free search key."""

import unicodedata

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """The composed (NFC) form: 'Lâu' typed with combining marks becomes the same string as a precomposed one."""
    return unicodedata.normalize("NFC", text or "").strip()


def search_key(text: str) -> str:
    """Lower case without diacritics, spaces folded: 'Xã Cao Lâu' -> 'xa cao lau', 'Đạn' -> 'dan'."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
