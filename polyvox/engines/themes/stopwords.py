"""Stop words per language. scikit-learn ships English only; the others are small lists of
function words (articles, pronouns, prepositions, auxiliaries), enough to keep them out of
theme labels. They live in code so that nothing is downloaded or read from disk at run time."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH = _words(
    """
    a à ai aie aient aies ait alors as au aucun aussi autre aux avaient avais avait avec avez
    aviez avions avoir avons ayant c ça car ce ceci cela celle celles celui ces cet cette ceux
    chaque ci comme comment d dans de des donc dont du elle elles en encore es est et étaient
    étais était étant été être eu eux faire fait il ils j je jusqu l la là le les leur leurs
    lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par parce pas peu
    peut plus pour pourquoi qu quand que quel quelle quelles quels qui s sa sans se ses si
    son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une unes uns vers
    voici voilà vos votre vous y doit doivent faut font peuvent pourrait devrait devraient
    """
)

SPANISH = _words(
    """
    a al algo algunas algunos ante antes aquí como con contra cual cuando de del desde donde
    durante e el él ella ellas ellos en entre era eran es esa esas ese eso esos esta está
    están estas este esto estos fue fueron ha habían hace han hasta hay la las le les lo los
    más me mi mis mucho muy nada ni no nos nosotros o os otra otras otro otros para pero poco
    por porque que qué quien se sea ser si sí sin sobre son su sus también tan te tiene
    tienen todo todos tu tú un una unas uno unos usted ustedes y ya yo debe deben hay puede pueden
    """
)

GERMAN = _words(
    """
    aber alle allem allen aller alles als also am an auch auf aus bei bin bis bist da damit
    dann das dass dem den denn der des dich die dies diese diesem diesen dieser dieses dir
    doch dort du durch ein eine einem einen einer eines er es etwas euch euer für gegen hat
    hatte hätte haben habe hier hin ich ihm ihn ihnen ihr ihre im in ist ja jede jedem jeden
    jeder jedes kann kein keine mehr mein meine mich mir mit muss nach nicht nichts noch nun
    nur ob oder ohne schon sehr sein seine sich sie sind so soll sollte um und uns unser
    unter viel vom von vor war waren was weil wenn wer werden wie wir wird wo zu zum zur
    müssen muss müsste müssten können könnte könnten sollen sollten wäre wären wurde wurden
    etc usw bzw z b
    """
)

PORTUGUESE = _words(
    """
    a à ao aos as às até com como da das de dela dele deles do dos e é ela elas ele eles em
    entre era eram essa essas esse esses esta está estão estas este estes eu foi foram há
    isso isto já lhe lhes mais mas me mesmo meu meus minha minhas muito na não nas nem no
    nos nós nossa nossas nosso nossos num numa o os ou para pela pelas pelo pelos por porque
    quando que quem se sem ser seu seus só sua suas também te tem têm tu um uma umas uns
    você vocês pode podem deve devem deveria deveriam
    """
)

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(ENGLISH_STOP_WORDS),
    "fr": FRENCH,
    "es": SPANISH,
    "de": GERMAN,
    "pt": PORTUGUESE,
}


def stop_words_for(language: str) -> frozenset[str]:
    """Stop words for a language code such as "fr", "pt-BR" or "de_AT"; none if unknown."""
    return STOP_WORDS.get(base_language(language), frozenset())


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()
