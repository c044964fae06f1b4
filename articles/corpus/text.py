"""The corpus's words: topics, sentence templates and the seeded builders of an update's text.

Every builder takes a `random.Random`, so a seed gives the same text. Templates name actors
only through `{a}` and `{b}`: the bodies name no actor but those the generator tags. The
general sentences avoid topic words ("nuclear", "sanctions"), so such a word appears only in
the updates whose topics bring it (about one update in six for "nuclear").
"""

TOPICS = {
    "nuclear programme": [
        "The nuclear question has shaped how {a} reads every move by {b}.",
        "Observers in {a} fear that a nuclear test would leave little room for diplomacy with {b}.",
        "{a} has tied any easing of pressure to verifiable steps on the nuclear file.",
        "A nuclear-armed neighbour changes the calculations of {a} in ways that are easy to underestimate.",
        "Talks between {a} and {b} on nuclear safeguards stalled after the last round of inspections.",
    ],
    "sanctions": [
        "Sanctions imposed by {a} have hurt {b} less than their authors hoped.",
        "{b} has found ways around the sanctions regime, often with quiet help from traders in {a}.",
        "Lifting sanctions on {b} would require a consensus that {a} is not ready to give.",
        "Enforcement of the sanctions depends on customs officers in {a} more than on resolutions.",
    ],
    "trade": [
        "Trade between {a} and {b} has grown steadily, even in years of political chill.",
        "{a} remains the largest trading partner of {b}, a dependence both sides understand.",
        "New rail links have cut the time goods need to travel from {a} to {b}.",
        "Exporters in {b} worry that a downturn in {a} would hit them first.",
        "The trade balance has tilted in favour of {a}, which gives it leverage in negotiations.",
    ],
    "energy": [
        "Energy deliveries from {a} keep the grid of {b} running through the winter.",
        "{b} is diversifying its energy supply to reduce its exposure to {a}.",
        "A new pipeline would bind {a} and {b} together for a generation.",
        "Oil and gas revenues give {a} a cushion that its neighbours lack.",
    ],
    "security": [
        "Military exercises by {a} near the border have unsettled planners in {b}.",
        "{a} and {b} have agreed to a hotline meant to prevent incidents at sea.",
        "Defence spending in {b} has risen for five years in a row, largely in response to {a}.",
        "Security cooperation between {a} and {b} has moved from joint statements to joint patrols.",
    ],
    "diplomacy": [
        "A state visit by the leader of {a} to {b} was the first in more than a decade.",
        "Diplomats from {a} describe the relationship with {b} as pragmatic rather than warm.",
        "{a} has offered to mediate, an offer {b} has so far declined.",
        "The joint communiqué of {a} and {b} was notable for what it left out.",
    ],
    "cross-strait relations": [
        "The cross-strait question remains the one on which {a} will not compromise.",
        "Support for the island's government has grown in {b}, to the irritation of {a}.",
        "Any crisis across the strait would force {b} to choose sides it would rather not choose.",
    ],
    "BRI": [
        "Projects of the Belt and Road Initiative have left {b} with debts it struggles to service.",
        "{b} has renegotiated several BRI loans, a sign of its growing confidence towards {a}.",
        "The BRI port in {b} is as much a strategic asset as a commercial one for {a}.",
    ],
    "migration": [
        "Migration from {b} towards {a} has become a domestic political issue in {a}.",
        "{a} has signed a migration agreement with {b} that critics call a deal of convenience.",
        "Border controls between {a} and {b} were tightened after the last election.",
    ],
    "climate": [
        "Climate pledges by {a} are watched closely in {b}, which is exposed to rising seas.",
        "{a} and {b} have launched a joint fund for climate adaptation.",
        "Drought has made water a source of friction between {a} and {b}.",
    ],
    "technology": [
        "Export controls on chips have pushed {b} to build its own industry, with help from {a}.",
        "Telecommunications networks in {b} still rely on equipment from {a}.",
        "{a} sees technology standards as the battlefield of the next decade.",
    ],
    "human rights": [
        "Human rights groups have urged {a} to raise the treatment of dissidents with {b}.",
        "{b} rejects criticism from {a} of its human rights record as interference.",
        "A report on forced labour has complicated the relationship between {a} and {b}.",
    ],
    "elections": [
        "The coming election in {b} will test how far voters share the line taken towards {a}.",
        "{a} has been accused of meddling in the election campaign of {b}.",
        "Polls in {b} suggest that relations with {a} matter less to voters than prices.",
    ],
    "maritime disputes": [
        "Coast guard vessels of {a} and {b} have faced each other near the disputed reefs.",
        "{b} has taken its maritime claims against {a} to international arbitration.",
        "Fishing fleets from {a} operate in waters {b} regards as its own.",
    ],
    "alliances": [
        "The alliance between {a} and {b} dates back decades, but its terms are changing.",
        "{b} has hedged its bets, keeping its alliance with {a} while courting others.",
        "Alliance commitments of {a} are questioned in {b} after a series of mixed signals.",
    ],
}

GENERAL = [
    "The relationship between {a} and {b} has been characterised by ups and downs.",
    "Recent events demonstrate a strengthening of the ties between {a} and {b}.",
    "Officials in {a} stress that the partnership with {b} is a top priority.",
    "{a} has moved to reassure {b} that nothing fundamental has changed.",
    "Both {a} and {b} agreed on their commitment to enhance high-level exchanges.",
    "Mistrust between {a} and {b} remains high, even where interests overlap.",
    "For {b}, the growing weight of {a} is both an opportunity and a risk.",
    "{a} is increasingly engaging with partners beyond its immediate neighbourhood, {b} among them.",
    "Analysts see the shift in the position of {b} as a sign of a more self-confident foreign policy.",
    "Taken together, the signals from {a} point to a cautious recalibration towards {b}.",
    "The leadership of {b} has been careful not to antagonise {a} in public.",
    "What {a} presents as a mutual-benefit partnership looks more lopsided from {b}.",
    "Critics argue that {a} has overestimated its influence on {b}.",
    "The pragmatic turn in the policy of {a} towards {b} surprised few in the region.",
    "Both countries remain interdependent, benefiting one another in ways neither advertises.",
    "A new network of partners could give {b} more room to manoeuvre against {a}.",
    "It is evident that the choices of {a} will shape the options of {b} for years.",
    "Several agreements signed this year have yet to be put into practice.",
    "Much depends on whether the current leadership keeps its course after the next reshuffle.",
    "The official rhetoric has softened, but the underlying interests have not changed.",
    "Regional stability remains the stated goal of every government involved.",
    "Public opinion has shifted more slowly than the positions of the governments.",
]

HEADINGS = [
    "Background",
    "Strategic relations",
    "A new positioning",
    "Shifting dynamics",
    "The economic dimension",
    "Regional reactions",
    "What has changed",
    "Domestic pressures",
    "The view from the region",
    "Looking ahead",
    "Risks and opportunities",
]
LAST_HEADING = "Conclusion"

TITLE_PATTERNS = [
    "{a} and {b}: {phrase}",
    "{phrase}: Why {a} Matters to {b}",
    "How {a} Sees {b}: {phrase}",
    "{a}'s {b} Question",
    "{phrase} Between {a} and {b}",
    "The {a}–{b} Relationship Today: {phrase}",
]
TITLE_PHRASES = [
    "A Partnership Under Strain",
    "A Shift in Power",
    "The Limits of Influence",
    "An Uneasy Balance",
    "Old Ties, New Terms",
    "A Cautious Rapprochement",
    "The Cost of Dependence",
    "Hedging Its Bets",
    "A Question of Trust",
    "Between Pressure and Partnership",
]

# What experts are quoted saying; each fills in an actor and is placed in the body word for word.
QUOTE_PHRASES = [
    "{a} is hedging its bets more openly than before",
    "the ties with {a} are a marriage of convenience",
    "{a} has gained a more powerful position",
    "nobody in {a} expects a quick breakthrough",
    "{a} fundamentally mistrusts its partners",
    "the leadership of {a} is playing a long game",
    "{a} wants recognition more than aid",
    "the relationship with {a} is transactional at heart",
]

STANDFIRSTS = [
    "{a} and {b} are redrawing their relationship. HIG's experts weigh what that means for the region.",
    "The ties between {a} and {b} have shifted. What lies behind the change, and what comes next?",
    "As {a} recalibrates its policy towards {b}, old certainties no longer hold.",
]
QUESTIONS = [
    "In what way has the relationship between {a} and {b} changed in light of recent events?",
    "How far does the {topic} agenda explain the policy of {a} towards {b}?",
    "What does the changing position of {b} mean for {a} and its partners?",
]


def title_case(text):
    """Capitalise each word except short joining words (not the first): "The Limits of Influence"."""
    small = {"a", "an", "and", "of", "the", "to", "in", "on", "for", "between"}
    words = text.split(" ")
    return " ".join(
        word if (index and word.lower() in small) or not word[:1].islower() else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def title(rng, a, b, topic):
    pattern = rng.choice(TITLE_PATTERNS)
    return title_case(pattern.format(a=a, b=b, topic=topic, phrase=rng.choice(TITLE_PHRASES)))


def standfirst(rng, a, b):
    return rng.choice(STANDFIRSTS).format(a=a, b=b)


def research_question(rng, a, b, topic):
    return rng.choice(QUESTIONS).format(a=a, b=b, topic=topic)


def sentence(rng, actors, topics):
    """One sentence naming one or two of `actors`: a topic's sentence about a third of the time."""
    pool = TOPICS[rng.choice(topics)] if rng.random() < 0.35 else GENERAL
    a = b = rng.choice(actors)
    while b == a and len(set(actors)) > 1:
        b = rng.choice(actors)
    return rng.choice(pool).format(a=a, b=b)


def body(rng, actors, topics, *, quotes, citations):
    """A Markdown body of 800–2,000 words in 3–5 `##` sections.

    `actors` are names, the first the most central (named most often); `quotes` are
    (expert name, role, words) each written once; `citations` are (link text, url) each
    linked once. Returns the body.
    """
    target = rng.randint(800, 2000)
    sections = rng.randint(3, 5)
    headings = [*rng.sample(HEADINGS, sections - 1), LAST_HEADING]
    weighted = [actors[0], actors[0], actors[0], *actors, *actors[1:3]]
    extras = [f"{name}, {role}, argues that {words}." for name, role, words in quotes] + [
        f"The argument draws on [{text}]({url})." for text, url in citations
    ]
    paragraphs, words = [], 0
    # Every actor is named at least once, in the first paragraphs.
    opening = [sentence(rng, [name, *rng.sample(actors, 1)], topics) for name in actors]
    while words < target:
        length = rng.randint(4, 7)
        sentences = [opening.pop(0) if opening else sentence(rng, weighted, topics) for _ in range(length)]
        paragraphs.append(sentences)
        words += sum(len(text.split()) for text in sentences)
    for extra in extras:  # quotes and citations, somewhere after the first paragraph
        paragraphs[rng.randrange(1, len(paragraphs))].append(extra)
    per_section = max(1, len(paragraphs) // sections)
    parts = []
    for index, heading in enumerate(headings):
        chunk = paragraphs[index * per_section : None if index == sections - 1 else (index + 1) * per_section]
        parts.append(f"## {heading}\n\n" + "\n\n".join(" ".join(sentences) for sentences in chunk))
    return "\n\n".join(parts) + "\n"
