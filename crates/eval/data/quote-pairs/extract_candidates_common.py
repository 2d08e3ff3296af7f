"""Content words shared by the candidate extractors."""
import re

STOP = set("""that this with have from they will would there their what about which when were been also
into than then them these some could other more said says over such only most very just like
your because should being going really think know people""".split())


def toks(s):
    """Content words: four letters or more, not a common function word."""
    return {w for w in re.findall(r"[a-z0-9']+", s.lower().replace("’", "'")) if len(w) >= 4 and w not in STOP}
