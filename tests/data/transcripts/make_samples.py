"""Write the French sample transcripts of this folder in every encoding the archive reads.

Run it from anywhere (``python tests/data/transcripts/make_samples.py``); the files are
committed, so tests do not depend on running it. The texts were written for this project.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

SRT = """\
1
00:00:01,000 --> 00:00:04,200
Marie Dupont : Bonjour à tous, et bienvenue aux Assises.

2
00:00:04,500 --> 00:00:08,000
<i>L’industrie française</i> se réinvente :
une « œuvre collective ».

3
00:00:08,500 --> 00:00:11.000
{\\an8}- Ça commence déjà ?
- Oui, c’est l’été !

4
00:00:11,500 --> 00:00:15,000
JEAN-PIERRE LEFÈVRE: <font color="#ffcc00">Très bien, merci.</font>
"""

TEXT = """\
Assises de l’Industrie — table ronde sur la décarbonation

[00:00:05] Marie Dupont : Bonjour à tous, et bienvenue aux Assises.
L’industrie française se réinvente : une « œuvre collective ».
[00:01:10] JEAN-PIERRE LEFÈVRE : Ça commence déjà ?
[01:30] Merci, c’est l’été !
"""

VTT = """\
WEBVTT - Assises de l’Industrie

NOTE Écrit pour les tests du projet : voix, balises, entités.

STYLE
::cue(.fort) { color: yellow; }

REGION
id:bas
width:80%
lines:3

intro
00:01.000 --> 00:04.000 region:bas align:start
<v Marie Dupont>Bonjour à <b>tous</b> &amp; bienvenue&nbsp;!</v>

00:00:04.500 --> 00:00:08.000 line:0 position:10%
<v.fort Jean-Pierre Lefèvre><i>L’industrie</i> <c.accent>française</c>
se <u>réinvente</u> <00:00:06.000>&lt;vraiment&gt;

NOTE
Un commentaire sur
plusieurs lignes.

00:00:08.500 --> 00:00:11.000
<lang en>Thank you</lang> — <ruby>漢<rt>kan</rt></ruby>&lrm;
"""

# Latin-1 has no ’ nor œ: its samples use the straight apostrophe and "oe".
LATIN1_ONLY = {"’": "'", "œ": "oe", "—": "-"}

ENCODINGS = {
    "utf8": "utf-8",
    "utf8-bom": "utf-8-sig",
    "utf16le": "utf-16",  # Python writes a byte-order mark, little-endian here
    "utf16be": "utf-16-be",
    "cp1252": "cp1252",
    "latin1": "latin-1",
}


def latin1_text(text: str) -> str:
    """The text as a Latin-1 author would type it."""
    for modern, plain in LATIN1_ONLY.items():
        text = text.replace(modern, plain)
    return text


def encode(text: str, name: str) -> bytes:
    """Encode with Windows line ends, as most subtitle tools write them."""
    text = text.replace("\n", "\r\n")
    if name == "latin1":
        text = latin1_text(text)
    data = text.encode(ENCODINGS[name])
    return b"\xfe\xff" + data if name == "utf16be" else data


def main() -> None:
    """Write fr-<encoding>.srt and fr-<encoding>.txt for every encoding, and fr-voices.vtt."""
    (HERE / "fr-voices.vtt").write_bytes(VTT.encode("utf-8"))
    for name in ENCODINGS:
        (HERE / f"fr-{name}.srt").write_bytes(encode(SRT, name))
        (HERE / f"fr-{name}.txt").write_bytes(encode(TEXT, name))


if __name__ == "__main__":
    main()
