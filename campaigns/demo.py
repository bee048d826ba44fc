"""The five seed documents (campaigns/seeds/*.json, transcribed from ../shared/seeds) as demo campaigns."""

from pathlib import Path

from campaigns.serialization import campaign_find, campaign_import, campaign_parse

SEEDS = Path(__file__).resolve().parent / "seeds"


def demo_load_campaigns() -> list[tuple[str, bool]]:
    """Import every seed that is not in the system yet; (file name, created) for each. Idempotent."""
    results = []
    for path in sorted(SEEDS.glob("*.json")):
        data = campaign_parse(path.read_text(encoding="utf-8"))
        if campaign_find(data) is None:
            campaign_import(data=data)
            results.append((path.name, True))
        else:
            results.append((path.name, False))
    return results
