"""English clause reader (session 37, helper english): a message in clauses, each clause in roles.

One reader, dependency-free: token shapes and the closed classes of English (pronouns, modals,
negators, kin, prepositions) enumerated once here, never per frame. A message is cut into
clauses (sentence and clause punctuation, "so", "but", "or"); each clause gets

- ``voice``: the lender's (we / us / our, or I with a lender act), the borrower's own (my loan,
  I owe, can I ...), a report (told me, said, is that allowed) or a question;
- ``sphere``: the addressee's noun phrases ("your X", X any phrase) and the speaker's ("my X"),
  each head classed by FORM: a person (kin; agent suffixes -er/-or/-ist/-ian/-man/-woman/-ess/-ee;
  "the one who ..."; a proper name after little / Mr / Detective ...), a child (the kin of a
  child), a time or routine (clock times, weekdays, "every X", -ing lessons), a place (after
  at / outside / near / past / by), a name or reputation, else a thing;
- the act: modality (will / 'll / going to / gonna / from / after), negation, a condition
  (if you don't, or, unless, before / by a day), and whether a lawful step is named.

The message's own roles: a debt (owe, arrears, balance, a sum due), an offer (a loan or a sum
offered), a deadline. Frames (below) are decided over these roles, not over trigger lists, so
a noun nobody listed fires them when its class is right. Light view in, dense spans out.

Cost: the reader runs only on messages without hanzi holding a debt or offer word (``_GATE``),
and is computed once a message for every frame (``_reading``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property

from loancs.core.compliance.scope import dense_span as _dense
from loancs.core.compliance.scope import gated_spans
from loancs.core.lazyre import LazyPattern, lazy_compile
from loancs.core.normalize import Normalized


def _rx(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled at its first use and not kept in the rules cache: ``loancs check``
    imports this module for every message and most messages never reach these readers (their
    ~40 patterns compiled at import cost ~12 ms of every check's start-up)."""
    return lazy_compile(pattern, flags, cached=False)


Span = tuple[int, int]
Role = tuple[str, str, int, int]  # (class, noun phrase, start, end)

_AP = r"['’]"
# ---- closed classes (whole, once) -------------------------------------------------------------
_KIN_CHILD = (
    r"son|sons|daughter|daughters|boy|boys|girl|girls|kid|kids|child|children|twins|youngest|eldest|oldest"
    r"|little one|little ones|baby|toddler|lad|lass|wee one|bairn|pikin|pickney|laitie|boy child|girl child"
    r"|stepson|stepdaughter|grandson|granddaughter|grandkids?|teenager|teen"
)
_KIN = (
    _KIN_CHILD
    + r"|mum|mom|mother|mam|ma|mama|dad|father|pa|papa|wife|husband|missus|partner|fianc[eé]e?"
    r"|girlfriend|boyfriend|brother|sister|cousin|uncle|aunt|auntie|aunty|nan|nana|gran|granny|grandma"
    r"|grandpa|grandad|grandmother|grandfather|nephew|niece|in-laws?|brother-in-law|sister-in-law"
    r"|mother-in-law|father-in-law|son-in-law|daughter-in-law|godmother|godfather|godparent|godson"
    r"|goddaughter|family|folks|parents|relatives|siblings|household"
)
# relations and roles whose form shows nothing (enumerated once)
_REL = (
    r"friend|friends|mate|mates|pal|pals|buddy|buddies|bestie|bro|homeboy|colleague|colleagues|boss|coach"
    r"|nanny|priest|imam|vicar|pastor|rabbi|nurse|chef|staff|crew|neighbours?|neighbors?|landlord|landlady"
    r"|roommate|flatmate|housemate|classmate|schoolmate|teammate|workmate|guy|chap|bloke|fella|lady|man|woman"
    r"|gent|people|folk|church|mosque|congregation|guard|clerk|head|principal|dean|tutor|pastor|elder|chief"
    r"|padi|paddy|bredda|sista|chommie|oga|madam"
)
# -er / -or words that are not people (the form's known exceptions in loan text)
_NOT_PERSON = frozenset(
    [
        "number",
        "numbers",
        "paper",
        "papers",
        "order",
        "letter",
        "letters",
        "offer",
        "offers",
        "transfer",
        "cover",
        "answer",
        "other",
        "after",
        "never",
        "ever",
        "either",
        "over",
        "under",
        "whether",
        "together",
        "later",
        "better",
        "power",
        "water",
        "matter",
        "member",
        "center",
        "centre",
        "corner",
        "border",
        "computer",
        "register",
        "counter",
        "folder",
        "quarter",
        "weather",
        "summer",
        "winter",
        "october",
        "november",
        "december",
        "september",
        "error",
        "mirror",
        "door",
        "floor",
        "colour",
        "color",
        "favour",
        "favor",
        "behaviour",
        "honour",
        "honor",
        "labour",
        "flavour",
        "minor",
        "major",
        "interior",
        "exterior",
        "prior",
        "senior",
        "junior",
        "manner",
        "dinner",
        "supper",
        "butter",
        "paper",
        "timer",
        "trailer",
        "charger",
        "ledger",
        "sticker",
        "poster",
        "flyer",
        "banner",
        "header",
        "footer",
        "filter",
        "meter",
        "liter",
        "litre",
        "shelter",
        "voucher",
        "reminder",
        "whatever",
        "wherever",
        "whenever",
        "however",
        "forever",
        "rather",
        "further",
        "another",
        "neither",
        "lender",
        "lenders",
        "provider",
        "providers",
        "creditor",
        "creditors",
        "adviser",
        "advisor",
        "advisers",
        "advisors",
        "underwriter",
        "underwriters",
        # -ee words that are not people (session 38)
        "free",
        "three",
        "tree",
        "agree",
        "degree",
        "coffee",
        "committee",
        "guarantee",
        "fee",
        "fees",
        "toffee",
        "jubilee",
        # session 43: words ending like a person that name none ("your call earlier", "your home address only")
        "earlier",
        "address",
        "addresses",
        "access",
        "process",
        "business",
        "progress",
        "success",
        "express",
        "stress",
        "unless",
        "less",
        "regardless",
        "illness",
        "sooner",
        "lower",
        "higher",
        "reminders",
        "remainder",
    ]
)
_PERSON_SUFFIX = _rx(
    r"(?:[a-z]{2,}(?:er|or|ist|ian|man|men|woman|women|ess|ee|ant|ard|ic|ive|yst|ster|smith|wright|maid)s?)$"
)
_WEEKDAY = r"(?:mon|tues?|wednes|thurs?|fri|satur|sun)days?"
_NUMWORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)"
_TIME = _rx(
    rf"\b(?:[0-9]{{1,2}}(?:[:.][0-9]{{2}})? ?(?:am|pm|a\.m\.|p\.m\.|o'?clock)|[0-9]{{1,2}}:[0-9]{{2}}"
    rf"|(?:at|till|until|by|around|about|after|before|from) (?:half |quarter )?(?:past |to )?{_NUMWORD}\b"
    rf"|half (?:past )?{_NUMWORD}|{_WEEKDAY}|every (?:day|morning|evening|night|afternoon|week|weekend|{_WEEKDAY})"
    r"|(?:each|every|most|in the) (?:mornings?|evenings?|afternoons?|nights?)|mornings|evenings|weekends"
    r"|after (?:school|class|practice|training|church|mosque)|before school|home ?time|lunch ?time|bedtime)\b"
)
# a routine's verbs: comes out, lets out, finishes, leaves, walks, takes the bus, has X at ...
_ROUTINE_V = _rx(
    r"\b(?:finish(?:es|ed)?|ends?|lets? out|comes? out|gets? out|leaves?|walks?|takes? the|catch(?:es)?"
    r" the|goes|go to|gets? off|gets? picked|is picked|plays?|trains?|practi[cs]es?|has (?:[a-z]+ )?(?:at|on|every)"
    r"|starts?|drops? (?:him|her|them)|waits?|(?:is|are) (?:at|in|on) [a-z]+ (?:every|on|at|till|until))\b"
)
_PLACE_PREP = _rx(
    r"\b(?:at|outside|near|past|by|behind|round|around|from|opposite|across from|down at|near by) (?:the|your|ur"
    r"|his|her|their) (?:[a-z'’-]+ ){0,2}?[a-z'’-]+"
)
_LAWFUL = _rx(
    r"\b(?:late (?:fee|charge|payment fee)|fees?|charges?|credit (?:reference|bureau|file|report|record|score)"
    r"|courts?|county court|ccj|judg(?:e)?ment|proceedings|payment plan|repayment plan|instal+ment plan"
    r"|collection agency|solicitors?|legal action|default notice|notice of default|stepchange|ombudsman"
    r"|plan|arrangement|afford\w*|payment holiday|hardship|statement|interest)\b"
)
_DEBT = _rx(
    r"\b(?:owe[sd]?|owing|debt|arrears|overdue|balance|outstanding|behind on|dues|repay\w*|clear (?:it|this"
    r"|the|your|what)|settle\w*|pay (?:us|up|it|what|the|your|back)|sort (?:it|the|this|that) (?:out|loan)"
    r"|missed (?:payments?|instal+ments?)|loan|account)\b"
)
_OFFER = _rx(
    r"\b(?:loans?|borrow\w*|lend\w*|credit|cash|funds?|advance|approv\w*|qualif\w*|sanction\w*|paid out|payout"
    r"|disburs\w*|refinanc\w*|overdraft|top-?up|facility|cedis|naira|rand|shillings|rupees|ringgit|pesos"
    r"|mkopo|paisa|pesa)\b|(?:[$£€₹₦₱]|\brs\.? ?|\bksh ?|\bgh₵ ?|\br(?=[0-9])|\bn(?=[0-9]))[0-9]"
    r"|\b[0-9][0-9,.]*k?\b ?(?:naira|rupees|lakh|bucks|shillings|ksh|cedis|rand|quid|ringgit|pesos)"
)
_DEADLINE = _rx(
    rf"\b(?:by|before|after|till|until|from|this|next|on|come) (?:the )?(?:{_WEEKDAY}|tonight|tomorrow|weekend"
    r"|the weekend|week|month|month end|end of|noon|midnight|[0-9]{1,2}(?:st|nd|rd|th)\b|payday)"
    r"|\b(?:last|final) (?:chance|warning|reminder|polite)\b|\bor else\b|\bif you (?:don'?t|do not|keep|still"
    r"|ignore)|\bunless\b|\bor we\b|\bor (?:it|things|you)\b"
)
_FUTURE = _rx(
    rf"\b(?:will|won{_AP}?t|shall|going to|gonna|gon|about to|from now|from (?:the|next|{_WEEKDAY}|tomorrow)"
    rf"|after (?:the|that|this|{_WEEKDAY}|tomorrow)|next|soon|one day|sooner or later)\b|{_AP}ll\b"
)
# (session 38: "n't" only on the negative auxiliaries: "payment", "account", "agent" end in "nt" too)
_NEG = _rx(
    rf"\b(?:not|no|never|nobody|nothing|none|neither|nor)\b|\b(?:don|won|can|isn|aren|wasn|weren|hasn|haven"
    rf"|hadn|doesn|didn|couldn|wouldn|shouldn|ain|mustn|needn|wont|dont|cant|isnt|doesnt|didnt){_AP}?t?\b"
)
# borrower's own voice / a report / a complaint (the speaker is not the lender)
_BORROWER = _rx(
    rf"\b(?:my (?:loan|debt|balance|account|repayments?|payments?)|i owe|i(?:{_AP}m| am) behind|can i|could i"
    rf"|should i|do i|am i|will i|i can{_AP}?t afford|i want to|i(?:{_AP}d| would) like|i need to)\b"
    rf"|\b(?:told me|said (?:that |i|we|my)|texted (?:me|that)|called me|is that (?:allowed|legal)"
    r"|complain\w*|report (?:it|this|them)|was told|threatened me|they said|he said|she said|scam\w*"
    r"|beware|fraudsters?|regulator|fined|ombudsman)\b"
)
_LENDER = _rx(rf"\b(?:we|us|our|ours|we{_AP}(?:ll|ve|re|d))\b|\bi(?:{_AP}ll|{_AP}d| will| would)\b")

_CLAUSE_CUT = _rx(
    r"[.!?;:\n]+|,? \b(?:so|but|or|and then|otherwise)\b|, (?=[a-z]+ (?:is|are|was|has))|—|–| - "
)
_POSS = _rx(
    r"\b(?P<who>your|ur|yr|yuh|ya|you(?:r)?|my|me|mi|ma|our)(?:\s+(?:own|old|little|dear|best|lovely|precious))?"
    r"(?P<np>(?:\s+[a-z0-9'’-]+){1,3})"
)
_HEAD_END = _rx(
    r"\s+(?:is|are|was|were|has|have|had|will|would|can|could|should|does|do|did|and|or|but|at|in|on|of|to"
    r"|for|with|from|by|about|after|before|that|who|which|when|where|if|then|now|still|just|right|yeah|innit"
    r"|eh|hey|every|takes?|goes|leaves?|ends?|finish\w*|walks?|gets?|comes?|lets?|knows?|said|told|will|won't"
    r"|'s|’s|'ll|’ll|'re|’re|'ve|’ve|'d|’d|not|never|already|too|also|as|so|than)\b"
)


_CHILD_RE = _rx(_KIN_CHILD)
_KIN_RE = _rx(_KIN)
_REL_RE = _rx(_REL)
_ROUTINE_HEAD = _rx(r"(?:[a-z]+-)?(?:practice|training|lessons?|class(?:es)?|club|practise)")


def _cls(head: str) -> str:
    """A head word's class by form: child, kin, person, time, name, thing."""
    if _CHILD_RE.fullmatch(head):
        return "child"
    if _KIN_RE.fullmatch(head):
        return "kin"
    if _REL_RE.fullmatch(head):
        return "person"
    if head in (
        "name",
        "names",
        "reputation",
        "face",
        "standing",
        "image",
        "good name",
        "family name",
    ):
        return "name"
    if _TIME.fullmatch(head) or _ROUTINE_HEAD.fullmatch(head):
        return "time"
    if head not in _NOT_PERSON and _PERSON_SUFFIX.match(head):
        return "person"
    return "thing"


class Clause:
    """One clause of a message: its text, its start in the light view, and its roles (each read
    on first use)."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start

    @cached_property
    def future(self) -> bool:
        return bool(_FUTURE.search(self.text))

    @cached_property
    def neg(self) -> bool:
        return bool(_NEG.search(self.text))

    @cached_property
    def lawful(self) -> bool:
        return bool(_LAWFUL.search(self.text))

    @cached_property
    def lender(self) -> bool:
        return bool(_LENDER.search(self.text))

    @cached_property
    def _poss(self) -> tuple[list[Role], list[Role]]:
        """(the addressee's noun phrases, the speaker's): (class, phrase, start, end)."""
        sphere: list[Role] = []
        mine: list[Role] = []
        for m in _POSS.finditer(self.text):
            np = m.group("np").strip()
            cut = _HEAD_END.search(" " + np)
            if cut:
                np = (" " + np)[: cut.start()].strip()
            if not np:
                continue
            words = np.split()
            # a possessive inside the phrase (your boy's football) keeps the owner as the head
            head = words[0]
            for w in words:
                if w.endswith(("'s", "’s", "s'")):
                    head = w[:-2] if not w.endswith("s'") else w[:-1]
                    break
                head = w
            cls = _cls(head.rstrip("'’"))
            if cls == "thing" and len(words) > 1:
                # "your kids' nanny", "your football coach", "your dog walker picked up": the
                # rightmost word of a class other than a thing is the head
                for w in reversed(words):
                    cls2 = _cls(w.rstrip("'’"))
                    if cls2 != "thing":
                        cls = cls2
                        break
            entry = (cls, np, self.start + m.start(), self.start + m.end())
            (mine if m.group("who") in ("my", "me", "mi", "ma", "our") else sphere).append(entry)
        return sphere, mine

    @property
    def sphere(self) -> list[Role]:
        return self._poss[0]

    @property
    def mine(self) -> list[Role]:
        return self._poss[1]


class Reading:
    """A message's clauses and its own roles (debt, offer, deadline, lawful step, voice), each
    read on first use."""

    def __init__(self, light: str) -> None:
        self.light = light

    @cached_property
    def clauses(self) -> list[Clause]:
        light = self.light
        out = []
        pos = 0
        for m in _CLAUSE_CUT.finditer(light):
            if m.start() > pos:
                out.append(Clause(light[pos : m.start()], pos))
            pos = m.end()
        if pos < len(light):
            out.append(Clause(light[pos:], pos))
        return out

    @cached_property
    def debt(self) -> bool:
        return bool(_DEBT.search(self.light))

    @cached_property
    def offer(self) -> bool:
        return bool(_OFFER.search(self.light))

    @cached_property
    def deadline(self) -> bool:
        return bool(_DEADLINE.search(self.light))

    @cached_property
    def lawful(self) -> bool:
        return bool(_LAWFUL.search(self.light))

    @cached_property
    def lender(self) -> bool:
        return bool(_LENDER.search(self.light))

    @cached_property
    def borrower(self) -> bool:
        return bool(_BORROWER.search(self.light))

    @cached_property
    def question(self) -> bool:
        return self.light.rstrip().endswith("?") and not self.lender


_TOKEN = _rx(r"[a-z0-9]+")
_TOK_MEMO: list[tuple[str, frozenset[str]]] = []


def _tokens(light: str) -> frozenset[str]:
    """The message's word tokens (letters and digits; "we'll" is "we", "ll"): the readers' cheap
    tests before any phrase pattern runs."""
    if _TOK_MEMO and _TOK_MEMO[0][0] == light:
        return _TOK_MEMO[0][1]
    toks = frozenset(_TOKEN.findall(light))
    _TOK_MEMO[:] = [(light, toks)]
    return toks


# a superset of _DEBT's and _DEADLINE's words as tokens: a message without any has neither
_DEBT_TOKENS = frozenset(
    [
        "owe",
        "owes",
        "owed",
        "owing",
        "debt",
        "debts",
        "arrears",
        "overdue",
        "balance",
        "outstanding",
        "behind",
        "dues",
        "repay",
        "repaid",
        "repayment",
        "repayments",
        "repaying",
        "clear",
        "settle",
        "settled",
        "settlement",
        "pay",
        "sort",
        "missed",
        "loan",
        "account",
        "by",
        "before",
        "after",
        "till",
        "until",
        "from",
        "this",
        "next",
        "on",
        "come",
        "last",
        "final",
        "else",
        "if",
        "unless",
        "or",
    ]
)


_MEMO: list[tuple[str, Reading]] = []


def _reading(norm: Normalized) -> Reading:
    light = norm.light
    if _MEMO and _MEMO[0][0] == light:
        return _MEMO[0][1]
    reading = Reading(light)
    _MEMO[:] = [(light, reading)]
    return reading


# ---- frames over the roles --------------------------------------------------------------------
# OPEN MENACE: a debt or a deadline, the lender's voice, no lawful step, and a clause that holds a
# future or conditional harm with no named act: an adverse state (ugly, wrong, worse, regret ...),
# a change of manner (it won't be me calling, the next visit won't be a chat, stop being nice), or
# "you don't want" / "I'd think carefully" about what comes.
_ADVERSE = _rx(
    r"\b(?:get|gets|getting|got|turn|turns|turning|go|goes|going|become|becomes|start|starts|starting) (?:very |really"
    r" |a lot |much |quite )?(?:ugly|nasty|messy|rough|bad|worse|wrong|dark|serious|personal|different|difficult"
    r"|hard|complicated|interesting|bigger)\b"
    # (an apology or sympathy is not a menace: "I'm sorry to hear that", "we're really sorry about
    # the mix-up", "we regret to tell you"; "you'll be sorry", "you'll regret it" are)
    rf"|\b(?:out of (?:my|our|his|her) hands|(?<!we )regret(?!s? to)\w*"
    r"|sorry(?! (?:about|to hear|to say|to tell|but))|shame|hate (?:for|to see)"
    r"|won'?t like|not like|surprises?|surprised|consequences|what (?:comes|happens|follows)(?: after| next)?"
    r"|what(?:'s| is) (?:coming|next)|after it|comes after|think (?:very |really |long and )?(?:carefully|hard|twice)"
    rf"|(?:do not|don{_AP}?t|wouldn{_AP}?t|won{_AP}?t) (?:want|like|enjoy|appreciate)|watching|remember (?:you|this|that)"
    r"|the last (?:time|polite|nice|friendly)|last (?:polite|nice|friendly))\b"
    # session 38: trouble aimed at the addressee's property, any verb ("your market stall might have a
    # few problems", "your van could run into trouble"); not their credit record or account
    r"|\byour (?!(?:credit|account|loan|score|file|record|rating|application|balance|payments?|report)\b)"
    r"(?:[a-z'’-]+ ){0,2}?[a-z'’-]+ (?:might|may|could|would|will|can|'ll|’ll)(?: well| soon| suddenly| easily)?"
    r" (?:have|find|get|run into|see|hit|face|develop|catch|suffer|start having)(?: a few| some| a lot of| real"
    r"| serious| all sorts of| a bit of)? (?:problems?|trouble|accidents?|issues|damage|difficult\w*|fire|hard time)\b"
)
# the speaker's own apology before "sorry" / "regret" ("I'm so sorry", "we are truly sorry")
_APOLOGY = _rx(
    rf"\b(?:i{_AP}?m|i am|we{_AP}?re|we are|im)(?: (?:so|very|really|truly|terribly|deeply|awfully|genuinely))? $"
)


def _sorry_opens(light: str, start: int, end: int) -> bool:
    """session 42: "Sorry," opening a sentence is the speaker's apology ("Sorry, our loans aren't open to
    people still in college unless ..."), not "you'll be sorry"."""
    before = light[:start].rstrip()
    if (
        light[end : end + 1] not in (",", ".", "!", "")
        and _SORRY_VOCATIVE.match(light, end) is None
    ):
        return False
    return not before or before[-1] in ".!?;:,"


# session 45: a form of address between the opening "Sorry" and its comma ("Sorry sir, aapka loan
# application is baar approve nahi hua", "Sorry ah, this round cannot pass", "Sorry my friend, ...")
_SORRY_VOCATIVE = _rx(r"(?: [a-z'’]+){1,2}[,.!]")


_MANNER = _rx(
    rf"\b(?:won{_AP}?t|will not|wont|no longer|not going to|stop(?:s)? being|change how|stops? being) (?:be )?"
    r"(?:me|us|a (?:chat|call|phone call|text|reminder|message|friendly|polite|nice)|nice|polite|friendly"
    r"|patient|gentle|so nice|a conversation|just a|how we|talking)\b"
    # a new actor who does not use the present, benign means ("They don't send texts")
    rf"|\b(?:they|he|she|those (?:lads|guys|boys|men|people)|that team|the new team)"
    rf" (?:don{_AP}?t|do not|doesn{_AP}?t|won{_AP}?t|will not|never) (?:send|do|bother with|write|make|use|leave)"
    r" (?:texts|letters|emails|reminders|calls|phone calls|messages|voicemails|notes)\b"
)


# session 39: MENACE BY INSINUATION: an unspecified change of METHOD ("another way", "a different
# approach", "their own methods", "works very differently"), of HANDLER ("goes to some guys", "the boys
# take over", "leaves my desk", "isn't mine to handle"), a boast of persuasion ("how creative /
# persuasive we can be", "you'd be amazed what ..."), or an unpleasant unnamed outcome ("won't be
# pretty", "ways that aren't pleasant"): read like _ADVERSE (a debt or deadline, the lender's voice,
# no lawful step named, not a question or a borrower's words)
_INSINUATE = _rx(
    r"\b(?:another|a different|a new|our other|the other|different|our own|their own|its own|his own|other)"
    r" (?:way|ways|approach|approaches|method|methods|means|tactics?|route|measures|manner|style)\b"
    r"(?! (?:to|of|for|that|you can|we can|if|such)\b)"
    r"|\b(?:other|another|different) (?:means|ways|methods) of (?:recover|collect|getting|making|persuad|convinc)"
    r"|\bthe (?:polite|nice|friendly|gentle|soft) (?:messages|texts|calls|reminders|approach|treatment|phase)"
    r" (?:stop|stops|end|ends|are over|is over)\b"
    r"|\b(?:works?|do(?:es)? (?:things|it)|operates?|handles? (?:things|it|this)|deals? with (?:things|it|this))"
    r" (?:very |a bit |quite |a lot |completely |totally |rather )?differently\b"
    r"|\b(?:how|what) (?:persuasive|creative|convincing|resourceful|inventive|imaginative|determined|thorough"
    r"|insistent|motivated|far (?:we|they) (?:go|will go))\b"
    r"|\byou(?:'d|’d| would)? be (?:amazed|shocked|stunned|astonished)\b"
    r"|\b(?:goes|go|going|passes|passed|pass|handed|hand|sent|send|moves?|moved|turned over|given|off)"
    r" (?:over |on )?to (?:some|my|our|a few|the|other|another)(?: [a-z'’-]+){0,2}? (?:guys|lads|boys|fellas"
    r"|associates|friends|brothers|men|crew|people who|guys who|lads who|boys who)\b"
    r"|\b(?:my|our|the) (?:associates|boys|lads|guys|fellas|friends|brothers|crew|men)"
    r"(?: [a-z'’-]+){0,3}? (?:take over|takes over|step in|steps in|handle it|deal with|have to deal"
    r"|get involved|come in|come round|have their own|pay (?:you )?a visit)\b"
    r"|\b(?:leaves|leave|off|out of|beyond) my (?:desk|hands|control)\b"
    r"|\b(?:isn{_AP}?t|is not|won{_AP}?t be|will not be|no longer) mine to (?:handle|deal with|sort|manage)\b"
    r"|\b(?:won{_AP}?t|will not|wouldn{_AP}?t|isn{_AP}?t|is not|not going to|ain{_AP}?t|aren{_AP}?t|are not)"
    r" (?:be |going to be |gonna be )?(?:pretty|pleasant|nice for (?:you|anyone)|fun for you)\b"
    r"|\bescalat\w* in ways\b|\b(?:don{_AP}?t|do not|doesn{_AP}?t) do (?:phone calls|calls|letters|texts|emails)\b"
    r"|\bnot as (?:nice|patient|polite|friendly|gentle|understanding) as (?:me|us|i am)\b"
    # session 40: pidgin's menace idioms ("we go show you pepper", "you go hear am", "you go see wetin")
    r"|\bwe (?:go|will) show (?:you|u) (?:pepper|shege|fire|wetin)\b|\byou go (?:hear am|see wetin|know say|cry|regret)"
    r"|\b(?:you|u) (?:go|will) (?:see|feel) (?:am|pepper|shege)\b".replace("{_AP}", "['’]")
)


# session 40: INSINUATION BY PEOPLE with the debt only implied: unnamed people of the lender who "have a
# way of making people remember their obligations", "have a knack for reminding customers what they
# owe", or who "handle the tough accounts" (a handler named by the hardness of its cases), where the
# message implies the debt by money or obligation words (_IMPLIED_DEBT) and names no lawful step
_INSINUATE_PEOPLE = _rx(
    r"\b(?:colleagues|people|team|guys|lads|boys|men|friends|associates|staff|officers|agents|crew|fellas"
    r"|brothers|folks|ones)\b(?: [a-z'’-]+){0,5}? (?:have|has|got) (?:a (?:way|knack|gift|talent)|(?:their )?ways)"
    r" (?:of|for|with) (?:making|helping|reminding|getting|persuading|convincing|encouraging|jogging|refreshing)"
    r" (?:people|folks|customers|clients|borrowers|you|them|debtors|everyone|anyone|those|someone|memories)\b"
    r"|\b(?:guys|lads|boys|men|people|team|ones|officers|agents|fellas|crew|friends|colleagues) (?:who|that)"
    r" (?:handle|deal with|look after|take care of|sort out|manage|do) (?:the |our |all the )?(?:tough|hard|harder"
    r"|difficult|problem|stubborn|awkward|bad|special|serious|nasty|messy|tricky|trickier|rough|heavy|late|slow)"
    r"(?: [a-z]+)? (?:accounts|cases|customers|ones|files|debts|payers|clients|jobs|situations)\b"
)
_IMPLIED_DEBT = _rx(
    r"\b(?:money|obligations?|owe[sd]?|owing|debts?|loans?|balance|accounts?|pay\w*|cash|dues|arrears)\b"
    r"|[$£€₹₦₱][0-9]"
)


def menace(norm: Normalized) -> list[Span]:
    light = norm.light
    people = None
    if _DEBT_TOKENS.isdisjoint(_tokens(light)) or (
        not _MANNER.search(light) and not _ADVERSE.search(light) and not _INSINUATE.search(light)
    ):
        # (no debt word, or no other menace: only the insinuation by people, its debt implied)
        people = _INSINUATE_PEOPLE.search(light)
        if people is None:
            return []
    r = _reading(norm)
    if people is not None:
        if r.lawful or r.borrower or r.question or not _IMPLIED_DEBT.search(light):
            return []
        return [_dense(norm, *people.span())]
    if not (r.debt or r.deadline) or r.lawful or r.borrower or r.question:
        return []
    out: list[Span] = []
    for c in r.clauses:
        t = c.text
        m = _MANNER.search(t)
        if m is None:
            m = _ADVERSE.search(t) or _INSINUATE.search(t)
            if m is None or not (c.future or r.deadline or "you" in t or c.lender):
                continue
            if m.group().startswith(("sorry", "regret")) and _APOLOGY.search(
                light, 0, c.start + m.start()
            ):
                continue
            if m.group().startswith("sorry") and _sorry_opens(
                light, c.start + m.start(), c.start + m.end()
            ):
                continue
        out.append(_dense(norm, c.start + m.start(), c.start + m.end()))
    return out


# session 41: MENACE WITH NO DEBT WORD. What marks it is the ROLE of what is named: something of the
# addressee's life (a car, the route home, a gym, a church, a street, a partner's workplace, a child's
# school) named by the lender's side with a verb of KNOWING / SEEING / WATCHING / VISITING ("We know
# which gym you use", "Our guys know the block of flats you moved into", "We've got eyes on your route
# home", "Be seeing you at the mosque on Friday"), or harm wished on a thing of theirs ("Nice car. Be a
# shame if anything happened to it"): menace with no debt word when no lawful step is named and it is
# not the borrower's own words or a question. The lender's side is a subject (we / our guys / someone /
# my lads), never a bare "I" (a borrower's "I know the route to your office").
_LIFE = (
    r"(?:car|cars|van|truck|lorry|motor|motorbike|motorcycle|bike|scooter|ride|wheels|house|home|flat|apartment"
    r"|place|door|front door|gate|drive|driveway|street|road|estate|block|building|neighbou?rhood|area|route"
    r"|commute|way home|walk home|journey|bus|bus stop|train|gym|church|mosque|temple|chapel|synagogue"
    r"|congregation|salon|barber|barbers|hairdresser|pub|local|bar|club|office|workplace|work|job|shop|stall"
    r"|depot|factory|site|warehouse|restaurant|school|college|nursery|creche|academy|wife|husband|missus|partner"
    r"|girlfriend|boyfriend|mum|mother|dad|father|parents|gran|granny|nan|family|kids|children|son|daughter"
    r"|boy|girl|twins|youngest|eldest|baby|parking spot|parking space|hair|allotment|spot|hangout|routine"
    r"|movements|schedule|shift|shifts|hours|habits|local pub|corner)s?"
)
_WATCHER = (
    rf"(?:we|we{_AP}ve|we have|we{_AP}re|we are|we{_AP}ll|we will|someone|somebody|one of (?:us|our (?:guys|lads|boys|men"
    r"|people|team))|(?:our|my) (?:guys|lads|boys|men|people|team|agents?|collectors?|man|fellas|crew|friends"
    r"|associates|field team|officers)|the (?:guys|lads|boys|team|crew) (?:here|downstairs|outside))"
)
_WATCH_V = (
    r"(?:(?:all |also |already |even |both |now |still |really |certainly |definitely |obviously )?"
    r"(?:know|knows|knew|seen|saw|see|spotted|clocked|noticed|watched|watching|been watching|watch"
    r"|been keeping (?:an|a close) eye on|keeping (?:an|a close) eye on|keep (?:an|a close) eye on"
    r"|(?:got|have|had) (?:our |my )?eyes on|been following|followed|following|drove past|driven past|walked past"
    r"|went past|been past|passed|popped by|been by|been to|been round|visited|found|tracked|traced|mapped"
    r"|got (?:the|your) (?:address|details) (?:of|for)|know (?:all|everything) about|know (?:exactly|just)"
    r"|be seeing you|see you|be waiting|waiting))"
)
_WATCH = _rx(
    # the lender's side + a verb of knowing / seeing + (within the sentence) a thing of the addressee's
    rf"\b{_WATCHER} {_WATCH_V}\b(?P<gap>[^.!?;]{{0,60}}?)"
    rf"(?:\b(?:your|ur|yr|yuh|ya) (?:[a-z'’-]+ ){{0,2}}?{_LIFE}\b(?! (?:finance|loan|insurance|tax|agreement"
    r"|account|details|number|registration|repayments?|plan|deal|valuation|address|phone|email|insurer|is|are))"
    r"|\b(?:where|which (?:[a-z]+ )?(?:gym|bus|church|mosque|temple|school|route|road|street|pub|salon|way|house"
    r"|flat|car|stop|train|shift|door|block)|what time|when) (?:you|your \w+|she|he|they|the (?:kids|children))\b"
    r"|\bthe (?:[a-z'’-]+ ){0,2}?(?:" + _LIFE[3:-3] + r")s? (?:(?:where|that|which) (?:you|your)\b"
    r"|you(?:['’]ve|['’]re| have| are)? [a-z]+)"
    r"|\b(?:at|outside|near|by|past|round) (?:the |your )?(?:"
    + _LIFE[3:-3]
    + r")s?\b)"
    # harm wished on a thing of theirs: "be a shame / pity if anything happened to it"
    r"|\b(?:be|it{_AP}?d be|it would be|would be|what) (?:a )?(?:real |right |terrible |awful |crying |such a )?"
    r"(?:shame|pity) if (?:anything|something|it|they|she|he|the \w+|your \w+|that \w+|those \w+)"
    r"(?: [a-z'’]+){0,2}? (?:happened|happens|went missing|got (?:scratched|damaged|broken|hurt|stolen|burnt"
    r"|burned|keyed|torched|smashed|lost)|caught fire|was (?:damaged|scratched|broken|stolen|hurt)|broke)\b".replace(
        "{_AP}", "['’]"
    )
)
# a thing named in service words, not watched ("we've seen your payslip", "we know your address has
# changed", "we'll see you at the branch"): the gap holds a record, a document or an appointment
_WATCH_NOT = _rx(
    r"\b(?:appointment|booking|booked|branch|documents?|payslips?|statements?|application|form|forms|records?"
    r"|address (?:has|is|was)|details|email|message|letter|request|complaint|meeting|our office|the office"
    r"|help|support|delivery|deliver|courier|parcel|refund|webinar|event|seminar|open day|insurance|valuation"
    r"|inspection|survey|mot|service|repair|logbook|v5|registration|payments?|finance|options|nearest|open|closed"
    r"|flood\w*|weather|storms?|roadworks|delay\w*|sorry|understand\w*|take your time|congratulat\w*|thank\w*"
    r"|welcome|hope|call us|contact us|discuss|support|anniversary|birthday|hard|difficult|tough|stress\w*|worr\w*"
    r"|workshops?|free|community|budget\w*|charity|volunteer\w*|sponsor\w*)\b"
)
_WATCH_SENT = _rx(r"[.!?\n]")


def watch(norm: Normalized) -> list[Span]:
    light = norm.light
    found = []
    for m in _WATCH.finditer(light):
        # the sentence that holds the match names no record, appointment or kindness
        start = max((x.end() for x in _WATCH_SENT.finditer(light, 0, m.start())), default=0)
        end = _WATCH_SENT.search(light, m.end())
        if not _WATCH_NOT.search(light, start, end.start() if end else len(light)):
            found.append(m)
    if not found:
        return []
    r = _reading(norm)
    if r.lawful or r.borrower or r.question:
        return []
    return [_dense(norm, *m.span()) for m in found]


# session 41: ARREST OR A VISIT AS A CONSEQUENCE WITH NO ARREST WORD: the police by any name ("the boys
# in blue", "the lads in uniform", "the constable", "the old bill") coming ("will be round", "will want
# a word", "will come knocking", "will collect you from work"), or the addressee "explaining yourself at
# the station" / "in the back of a police car", told as what follows not paying (a debt, a deadline or a
# condition: "miss another one", "keep ignoring us", "leave it another week"). Not a denial ("won't"),
# not a borrower's report, a warning, news or a question.
_COPS = (
    r"(?:the |a |some )?(?:police(?: officers?)?|cops|coppers|constables?|bobbies|old bill|feds|law|fuzz|pigs"
    r"|(?:boys|lads|men|guys|fellas|gentlemen|officers|folks|ladies) in (?:blue|uniform)|uniforms|uniformed officers"
    r"|detectives?|inspectors?|sheriffs?|marshals|bailiffs? with the police|gardaí|garda|guards|askari|polisi"
    r"|plod|cid)"
)
_COP_COME = _rx(
    rf"\b{_COPS} (?:(?:will|{_AP}ll|are going to|is going to|gonna|would|could|might|may|shall)"
    r"(?: (?:soon|surely|definitely|probably|certainly|likely|quickly|then))?"
    r" (?:be (?:round|around|over|calling|knocking|waiting|at your|on your|outside|there|after you|looking|in touch)"
    r"|come (?:round|around|over|knocking|calling|looking|for you|after you|to your|get you)|call (?:round|on you|at)"
    r"|knock|want (?:a|to have a) (?:word|chat|talk)|have (?:a|some) (?:word|words|chat|questions)|collect you"
    r"|pick you up|pay you a visit|visit you|turn up|show up|take you|escort you|drag you|fetch you|find you"
    r"|be having (?:a|some) (?:word|words|chat))|(?:are|is) (?:on (?:their|its|the) way|coming)(?: for you| round)?)\b"
    r"|\b(?:explaining|explain) yourself (?:down )?(?:at|to|in front of) the (?:station|police|cops|magistrate|desk sergeant"
    r"|custody|nick)\b|\bdown the (?:station|nick)\b|\bin the back of (?:a|the) (?:police|cop|squad|panda|patrol) (?:car|van)\b"
    r"|\b(?:van|car)s? with (?:flashing|blue|blue and white|the) (?:lights|sirens)\b|\bflashing blue lights\b"
    r"|\bin (?:hand)?cuffs\b|\b(?:cuffed|handcuffed)\b"
    r"|\b(?:through|from behind) (?:the )?bars\b|\b(?:steel|silver|metal) bracelets\b"
    r"|\b(?:march|drag|carry|take|haul|frogmarch|escort)(?:s|ed|ing)? (?:you|u|yuh) (?:down |off |go )?(?:to |go )?"
    r"(?:the |a )?(?:station|nick|cells?|police|counter)\b|\bnext address (?:will|{_AP}ll|is going to) be a cell\b".replace(
        "{_AP}", "['’]"
    )
)
_COP_IF = _rx(
    r"\b(?:keep|keeps|ignore|ignoring|miss|missed|skip|another|one more|leave it|carry on|don{_AP}?t pay|do not pay"
    r"|dodge|dodging|if|unless|or|otherwise|until|till|by)\b".replace("{_AP}", "['’]")
)
_COP_NOT = _rx(
    r"\b(?:if anyone|anyone who|someone who|anybody who|never|not|no one|nobody|won{_AP}?t|will not|cannot|can{_AP}?t"
    r"|is not a crime|isn{_AP}?t a crime|civil matter|report (?:it|them|this)|call the police|contact the police"
    r"|dial|999|911|112|scam|fraud\w*|statement|burglary|theft|stolen|accident|crime reference|convenient"
    r"|appointment|registered address|field (?:officer|agent)|jailed|judge|sentenced|convicted)\b".replace(
        "{_AP}", "['’]"
    )
)


def arrest(norm: Normalized) -> list[Span]:
    light = norm.light
    found = list(_COP_COME.finditer(light))
    if not found:
        return []
    r = _reading(norm)
    if r.borrower or r.question or _COP_NOT.search(light):
        return []
    if not (r.debt or r.deadline or _COP_IF.search(light)):
        return []
    return [_dense(norm, *m.span()) for m in found]


# A CHILD'S ROUTINE: a debt in the message, the addressee's child (or a named child: "little
# Amara"), and a time, a routine verb or a place of the child in the same clause or the next.
_NAMED_CHILD = _rx(r"\blittle [a-z]+\b")
_CHILD_ANCHOR = _rx(
    rf"\b(?:your|ur|yr|yuh|ya|you) (?:[a-z'’-]+ ){{0,2}}?(?:{_KIN_CHILD})\b|\blittle [a-z]+\b"
)


_TAG_Q = _rx(rf"\b(?:doesn{_AP}?t it|isn{_AP}?t it|don{_AP}?t they|right|yeah|innit|eh|no)\?")
_ROUTINE_NOUN = _rx(
    r"\b(?:[a-z]+ )?(?:practice|practise|training|lessons?|class|classes|club|rehearsal|tuition|session)\b"
)


def _routine_only(norm: Normalized) -> list[Span]:
    """A routine (X club / practice / lessons) with its time told back as a tag question, in a
    message about a debt, with no child named ("Swim club finishes at 5:15 on Thursdays, doesn't it?")."""
    light = norm.light
    if not _TAG_Q.search(light):
        return []
    r = _reading(norm)
    if not r.debt or r.borrower or r.lawful:
        return []
    out: list[Span] = []
    for c in r.clauses:
        m = _ROUTINE_NOUN.search(c.text)
        if m is not None and _TIME.search(c.text) and not c.lender:
            out.append(_dense(norm, c.start + m.start(), c.start + m.end()))
    return out


def child(norm: Normalized) -> list[Span]:
    if not _CHILD_ANCHOR.search(norm.light):
        return _routine_only(norm)
    r = _reading(norm)
    if not r.debt or r.borrower or r.lawful:
        return []
    cl = r.clauses
    out: list[Span] = []
    for i, c in enumerate(cl):
        kids = [e for e in c.sphere if e[0] == "child"]
        if not kids:
            m = _NAMED_CHILD.search(c.text)
            if m is None or any(e for e in c.mine):
                continue
            kids = [("child", m.group(), c.start + m.start(), c.start + m.end())]
        if any(e[0] == "child" for e in c.mine):
            continue
        near = c.text + " " + (cl[i + 1].text if i + 1 < len(cl) else "")
        if re.search(
            r"\b(?:account|savings|card|policy|name is|authori[sz]ed|insurance|fund)\b", near
        ):
            continue
        if _TIME.search(near) or _ROUTINE_V.search(c.text) or _PLACE_PREP.search(c.text):
            out.extend(_dense(norm, e[2], e[3]) for e in kids)
    return out


# ONE REQUIREMENT: an offer in the message and one noun phrase (any) stated as the whole
# requirement: only / just / one X + "that's it / nothing else / the whole list / is all it takes",
# "got / own / have a X? ... you qualify / then you've got a loan", "the only paperwork is X".
_NP = r"(?:a |an |one |your |ur |a single |the one )?(?:[a-z0-9'’-]+ ){0,2}?[a-z0-9'’-]+"
_SOLE = _rx(
    rf"\b(?:only|just|one|a single)\b (?:{_NP})[^.!?]{{0,60}}?(?:that{_AP}?s (?:it|all|our whole|the whole|your whole"
    r"|the entire|your entire)|nothing"
    r" (?:else|more)|is all (?:it takes|we need|you need|we ask)|and (?:you(?:'re| are)|ur) (?:through|in|approved"
    r"|sorted|done)|(?:the|our) (?:whole|entire) (?:list|checklist|requirement|paperwork|process))"
    rf"|\b(?:got|have|own|show (?:us )?|send (?:us )?|bring) (?:{_NP})\?? (?:then |and )?(?:you{_AP}?(?:ve| have)?"
    r" got (?:a|the|your) (?:loan|cash|money)|you qualify|you(?:'re| are) (?:in|approved|through|eligible)"
    r"|(?:it|the (?:cash|money|loan))(?:'s| is) yours|[^.!?]{0,30}?(?:is|are) yours)"
    rf"|\bif you(?:{_AP}ve| have)? (?:own|have|got|can (?:send|take|show|read|open|use)) (?:{_NP}),? (?:then )?"
    rf"you(?:{_AP}ve| have)? got (?:enough|all|everything|what)\b"
    r"|\bif you (?:own|have|got|can (?:send|take|show|read|open|use)) (?:{_NP}),? (?:then )?you"
    r"(?: can)? (?:qualify|get|are in|'re in|'re approved|are approved)"
    # session 40: the paratactic condition: a bare list of trivial things, then the grant ("Heartbeat plus
    # a banking app, and the money's yours", "A phone and a pulse, and you're in")
    r"|(?:^|[.!?] )(?:a |an |your )?(?:[a-z'’-]+ ){0,2}?[a-z'’-]+ (?:plus|and|\+|&) (?:a |an |your )?(?:[a-z'’-]+ ){0,2}?"
    rf"[a-z'’-]+,? (?:and|then|=) (?:(?:the|your) (?:money|cash|loan|funds?)|it)(?:{_AP}s| is) yours"
    r"|\bthe only (?:thing|paperwork|document|requirement|item)[^.!?]{0,40}?\b(?:we want|we need|we ask"
    r"|standing between you)|\b(?:{_NP}) is all it takes\b"
    # session 38: the one requirement ASKED ("Got a bank card? Then you've met every condition",
    # "Can you snap your payslip? Then we're done"): a question about one thing the addressee holds
    # or can do, answered at once by the whole requirement being met
    rf"|\b(?:got|have you got|do you have|do you own|you got|own|any|can you (?:send|take|snap|photograph"
    r"|show|share|upload|scan))\b[^.!?]{1,50}\? (?:then |good|great|perfect|congrats\w*|congratulations|nice"
    rf"|brilliant|sweet|cool|sorted|yes)?[^.!?]{{0,40}}?(?:that{_AP}?s (?:it|all|everything|your whole|the whole"
    rf"|the entire|your entire|all we need|all the paperwork|the paperwork)|you(?:{_AP}ve| have)? (?:already )?"
    rf"(?:met|ticked|passed|done|cleared) (?:every|all|the)|you qualify|we{_AP}?re done|we are done"
    rf"|you{_AP}?(?:ve| have)? got (?:a|the|your) (?:loan|cash|money)|(?:it|the (?:cash|money|loan)){_AP}?s yours)"
    # session 40: the question answered by the bare grant in its own sentence ("Got a SIM and a
    # selfie? Boom. Approved.")
    rf"|\b(?:got|have you got|do you have|you got|own)\b[^.!?]{{1,50}}\? (?:(?:boom|great|good|perfect|nice|sweet"
    rf"|brilliant|then|bam|done)[.!,]* )?(?:you{_AP}?re |you are )?(?:approved|eligible|qualified|in)\b[.!]"
    # session 41: "all it takes / all you need / the only thing you need / you only need" + a requirement,
    # then the grant in the next clause ("All it takes is a phone number, and we'll lend you $800", "The
    # only thing you need is a bank card; the R5,000 lands tonight")
    rf"|\b(?:all (?:it takes|you need|you{_AP}ll need|we need|we ask for|we want|that{_AP}?s needed|you have to do)"
    rf"|the only (?:thing|document|requirement|paperwork|item)s? (?:you need|you{_AP}ll need|needed|required"
    rf"|we(?:{_AP}ll| will)? (?:need|ask for|want))|you (?:only|just) need|nothing (?:more |else )?(?:than|but)"
    rf" (?:a|an|your)\b[^.!?;]{{0,30}}? (?:is |are )?(?:needed|required))\b[^.!?;]{{0,50}}?(?:,|;|:| -| —| and| then"
    rf"| plus)[^.!?]{{0,20}}?(?:we(?:{_AP}ll| will| can)? (?:lend|send|give|approve|transfer|pay|credit|fund|advance"
    rf"|wire|release|disburse)(?=[^.!?]{{0,30}}?(?:money|cash|loan|funds?|[$£€₹₦₱₵][0-9]|\b(?:r|ksh|rs|gh)[.₵]? ?[0-9]"
    rf"|[0-9]k\b))|(?:the|your) (?:[a-z]+ )?(?:money|cash|loan|funds?|(?:[$£€₹₦₱]|r|ksh|rs\.?) ?[0-9][0-9,.]*k?)"
    rf"(?:{_AP}s| is| are| will| lands?| arrives?| hits?| drops?| goes| comes?)|you(?:{_AP}re| are| will be|{_AP}ll be)"
    r" (?:approved|in|through|eligible|sorted))"
)
_CHECKS = _rx(
    r"\b(?:check(?!list)\w*|affordab\w*|verif\w*|assess\w*|underwrit\w*|proof of income|we decide)\b"
)
# session 40: the CONDITIONAL THRESHOLD: a protasis of a trivial ability or attribute ("if you can send a
# WhatsApp", "as long as you're over 18 and breathing", "so long as you've got an email address") and an
# apodosis that grants money ("you can borrow $3,000", "we'll give you up to £2,000", "the R10,000 is
# yours"); the protasis names no income, job, repayment or document (those are criteria)
_IF_ABLE = _rx(
    rf"\b(?:if|as long as|so long as|long as|provided|providing) (?:you|u)(?:{_AP}re| are|{_AP}ve got| have got"
    rf"|{_AP}ve| have| got| can| own| know how to)? (?P<prot>[^.!?,;]{{1,40}}?),? (?:then |and )?(?:you(?: can"
    rf"| could|{_AP}ll| will)? (?:borrow|get|have|take|walk away with|qualify)|you(?:{_AP}re| are) (?:approved|in\b"
    rf"|eligible|qualified|sorted)|we(?:{_AP}ll| will| can| could)? (?:give|lend|approve|send|pay|transfer|credit"
    rf"|fund|advance)|(?:the|your) (?:money|cash|loan|funds?|sum)(?:{_AP}s| is) yours)"
    r"(?=[^.!?]{0,30}?(?:\bloans?\b|\bcash\b|\bmoney\b|\bfunds?\b|\bcredit\b|[$£€₹₦₱][0-9]|\br ?[0-9]"
    r"|\b[0-9][0-9,.]*k\b|\bup to\b|\byours\b|\bqualif))"
)
_NOT_TRIVIAL = _rx(
    r"\b(?:income|salary|salaried|job|employ\w*|payslips?|pay ?slips?|statements?|credit|score|afford\w*|earn\w*"
    r"|wages?|work\w*|business|collateral|guarantor|pension|documents?|paperwork|proof|pay|repay\w*|payments?"
    r"|member\w*|history|record|property|home|house|car|vehicle|security|deposit|savings|can{_AP}?t|cannot|don{_AP}?t"
    # (qualifying, eligibility, approval or passing the checks is the criterion itself: "If you qualify, you'll
    # get the money the same day")
    r"|qualif\w*|eligib\w*|approved|accepted|pass\w*|meet\w*|criteria|checks?|review\w*"
    r"|not|no)\b".replace("{_AP}", "['’]")
)


def threshold(norm: Normalized) -> list[Span]:
    light = norm.light
    found = [m.span() for m in _SOLE.finditer(light)]
    if "if" in light or "long as" in light or "provid" in light:
        found += [
            m.span() for m in _IF_ABLE.finditer(light) if not _NOT_TRIVIAL.search(m.group("prot"))
        ]
    if not found:
        return []
    r = _reading(norm)
    if not (r.offer or "money" in light) or r.borrower or _CHECKS.search(light) or r.question:
        return []
    return [_dense(norm, *span) for span in found]


# AN INSIDER: a person tied to the speaker (my X, X any person; "is my ..."; "I know the chap who
# ...") inside the lender's process (a loan / credit / approval / panel / office word or an
# -er/-or of it) and the outcome said as certain (a future act of approving on "your" file, or
# a done state: stamped, in the bag, guaranteed, consider it handled).
_INSIDE = _rx(
    r"\b(?:loans?|credit|lending|approv\w*|underwrit\w*|sign\w* (?:off|loans?|applications?)|sanction\w*"
    r"|committee|panel|board|desk|office|branch|applications?|papers|files?|decisions?|co-?op|bank)\b"
)
_CERTAIN = _rx(
    rf"\b(?:guarantee\w*|in the bag|no matter what|consider it|basically|as good as|already (?:said yes|approved"
    r"|signed|stamped|done|sorted|through)|(?:is|'s|’s) (?:stamped|signed|sorted|done|handled|yours|through|approved)"
    r"|no stress|no wahala|no wahala|don finish|sure banker|sorted|no problem|leave it (?:to|with) me)\b"
    rf"|(?:{_AP}ll|\bwill|\bgonna|\bgoing to) (?:push|wave|sign|stamp|put|get|have|sort|look after|handle|pass"
    r"|clear|approve|tick|fast-track|rubber-stamp|okay|ok|see to|make sure)\b"
    # session 38: a HAND-OVER as the act ("your form goes straight to the top of her pile", "I'll put it
    # on his desk"): the file moved past the queue to the insider
    r"|\bstraight (?:to|on|onto|into|through|past)\b|\b(?:to|on|onto|into) (?:his|her|their) (?:desk|pile|table"
    r"|inbox|tray|hands?)\b|\btop of (?:the|his|her|their) (?:pile|list|queue|stack)\b"
)
_MY_PERSON_ANY = _rx(
    r"\b(?:my|me|mi|ma) (?:own |old |dear |best )?(?:[a-z'’-]+ ){0,2}?(?P<h>[a-z'’-]+)"
    r"|\bis my (?:[a-z'’-]+ ){0,3}?(?P<h2>[a-z'’-]+)|\bi know (?:the|a) (?P<h3>[a-z'’-]+) who"
    r"|\bi (?:play|golf|drink|went|grew|go|train|trained|studied|served|worked|sit|pray|worship)\b"
)


_ME = frozenset(("my", "me", "mi", "ma", "i"))
_INSIDE_TOKENS = frozenset(
    [
        "loan",
        "loans",
        "credit",
        "lending",
        "approval",
        "approvals",
        "approve",
        "approves",
        "approved",
        "underwriter",
        "underwriters",
        "underwriting",
        "sign",
        "signs",
        "signing",
        "signed",
        "sanction",
        "sanctions",
        "committee",
        "panel",
        "board",
        "desk",
        "office",
        "branch",
        "application",
        "applications",
        "papers",
        "file",
        "files",
        "decision",
        "decisions",
        "coop",
        "co",
        "op",
        "bank",
    ]
)


_INSIDE_STEMS = ("underwrit", "approv", "sanction", "lend", "credit", "loan")


def insider(norm: Normalized) -> list[Span]:
    light = norm.light
    toks = _tokens(light)
    if _ME.isdisjoint(toks) or (
        _INSIDE_TOKENS.isdisjoint(toks) and not any(t.startswith(_INSIDE_STEMS) for t in toks)
    ):
        return []
    if not any(
        not _NEG.search(light, max(0, m.start() - 12), m.start()) for m in _CERTAIN.finditer(light)
    ):
        return []
    r = _reading(norm)
    if r.borrower or r.question:
        return []
    out: list[Span] = []
    for c in r.clauses:
        for m in _MY_PERSON_ANY.finditer(c.text):
            h = m.group("h") or m.group("h2") or m.group("h3")
            if h is not None and _cls(h.removesuffix("'s").removesuffix("’s")) not in (
                "kin",
                "person",
                "child",
            ):
                continue
            if _INSIDE.search(c.text) or (
                h is not None and re.match(r"(?:underwrit|approv|lend|sign)", h)
            ):
                out.append(_dense(norm, c.start + m.start(), c.start + m.end()))
    return out


# THIRD PARTY BY ROLE: the lender's voice and a debt, a person of the addressee's world ("your X",
# X a person by form; "the X at / from your Y"; "the X you go to") and a contact or tell act on that
# person (told, knows, will hear, a letter / note / word, asked to remind), not negated.
_TELL = _rx(
    r"\b(?:told|tell|telling|inform\w*|know[sn]?|knowing|hear(?:s|ing)? (?:from|about)|heard|letter|note|word"
    r"|message\w*|text\w*|email\w*|call(?:ed|ing)?|ring|rang|phoned?|remind\w*|visit\w*|dropped by|drop by"
    r"|pass(?:ed)? on|contact\w*|get (?:a|an|our)|gets (?:a|an|our)|be hearing|spoke|spoken|speak|talk\w*|warn\w*"
    r"|copy|cc|asked|aware)\b"
)
_ROLE_AT = _rx(
    # (a copula or an auxiliary between them makes a predicate of a thing: "the receipt is in your email")
    r"\bthe (?:(?!(?:is|are|was|were|be|been|has|have|had|will|can|should)\b)[a-z'’-]+ ){0,2}?"
    r"(?!(?:is|are|was|were|be|been|has|have|had|will|can|should)\b)[a-z'’-]+ (?:at|from|in|of) (?:your|ur)"
    r" (?:[a-z'’-]+ ){0,2}?[a-z'’-]+"
    r"|\b(?:the|your|ur) (?:[a-z'’-]+ ){0,1}?[a-z'’-]+ (?:you go to|you use|you see|you visit)\b"
    # session 38: a person named by a "who" clause over the addressee's world ("the woman who does your
    # nails", "the fellow who coaches your Sunday league team"); not the lender's own staff ("the
    # adviser who handles your account")
    r"|\bthe (?:[a-z'’-]+ ){0,1}?[a-z'’-]+ who (?:[a-z'’-]+ ){1,3}?(?:your|ur) (?!(?:[a-z'’-]+ )?(?:account|loan"
    r"|application|case|file|claim|complaint|payments?|arrears|debt|balance|plan|calls?|credit)\b)"
    r"(?:[a-z'’-]+ ){0,2}?[a-z'’-]+"
    # session 40: a person named only by a free relative over the addressee's world ("whoever signs your
    # payslips", "anyone who rents you your stall")
    r"|\b(?:whoever|anyone who|anybody who|whoever it is that) (?:[a-z'’-]+ ){1,3}?(?:your|ur|you your)"
    r" (?!(?:[a-z'’-]+ )?(?:account|loan|application|case|file|claim|complaint|payments?|arrears|debt|balance"
    r"|plan|calls?|credit)\b)(?:[a-z'’-]+ ){0,2}?[a-z'’-]+"
)
# the person contacts US (a school, a GP, an employer may call us): not the lender reaching them
_TO_US = _rx(
    r"\b(?:call|contact|ring|email|text|phone|message|reach|write to|get in touch with) us\b"
)


_YOUR = frozenset(("your", "ur", "yr", "yuh", "ya", "you"))
_TELL_TOKENS = frozenset(
    [
        "told",
        "tell",
        "telling",
        "informed",
        "inform",
        "informing",
        "knows",
        "know",
        "known",
        "knowing",
        "hear",
        "hears",
        "hearing",
        "heard",
        "letter",
        "note",
        "word",
        "message",
        "messaged",
        "messaging",
        "text",
        "texted",
        "texting",
        "email",
        "emailed",
        "call",
        "called",
        "calling",
        "ring",
        "rang",
        "phone",
        "phoned",
        "remind",
        "reminded",
        "reminder",
        "visit",
        "visited",
        "visiting",
        "dropped",
        "drop",
        "pass",
        "passed",
        "contact",
        "contacted",
        "contacting",
        "get",
        "gets",
        "spoke",
        "spoken",
        "speak",
        "talk",
        "talked",
        "talking",
        "warn",
        "warned",
        "copy",
        "cc",
        "asked",
        "aware",
    ]
)


_PERSON_ENDS = tuple(
    e + p
    for e in [
        "er",
        "or",
        "ist",
        "ian",
        "man",
        "men",
        "woman",
        "women",
        "ess",
        "ee",
        "ant",
        "ard",
        "ic",
        "ive",
        "yst",
        "ster",
        "smith",
        "wright",
        "maid",
    ]
    for p in ("", "s")
)
_KIN_REL_TOKENS = frozenset(
    [w.replace("?", "") for w in (_KIN + "|" + _REL).split("|")]
    + [w[:-2] for w in (_KIN + "|" + _REL).split("|") if w.endswith("s?")]
)


def _has_person(toks: frozenset[str]) -> bool:
    """A person-shaped token in the message (the cheap test before the clause roles)."""
    if not _KIN_REL_TOKENS.isdisjoint(toks):
        return True
    return any(t.endswith(_PERSON_ENDS) and t not in _NOT_PERSON for t in toks)


def third(norm: Normalized) -> list[Span]:
    toks = _tokens(norm.light)
    if (
        _YOUR.isdisjoint(toks)
        or _TELL_TOKENS.isdisjoint(toks)
        or _DEBT_TOKENS.isdisjoint(toks)
        or not (_has_person(toks) or "who" in toks or "whoever" in toks)
    ):
        return []
    r = _reading(norm)
    if not r.debt or r.question:
        return []
    out: list[Span] = []
    for c in r.clauses:
        ctoks = frozenset(_TOKEN.findall(c.text))
        if _YOUR.isdisjoint(ctoks) or _TELL_TOKENS.isdisjoint(ctoks):
            continue
        # the clause's noun phrases are read only where a person-shaped word stands (session 38)
        people = [
            e
            for e in (c.sphere if _has_person(ctoks) else ())
            if e[0] in ("person", "kin")
            and not _NOT_THIRD.search(e[1])
            and not _FROM_SOURCE.search(c.text, 0, e[2] - c.start)
        ]
        spans = [_dense(norm, e[2], e[3]) for e in people]
        if not people:
            m = _ROLE_AT.search(c.text)
            if m is not None:
                spans.append(_dense(norm, c.start + m.start(), c.start + m.end()))
        if spans and not c.neg and not c.lawful and not _TO_US.search(c.text):
            out.extend(spans)
    if not out or not r.debt or r.borrower or r.question:
        return []
    return out


# (the lender's own people named by the addressee's case: "your account manager", "your loan officer")
_NOT_THIRD = _rx(
    r"\b(?:reference|application|guarantor|co-?signer|account|relationship|loan|case|collections?)\b"
)
# a document FROM the person ("a letter from your employer", "a note signed by your GP") is the
# person as a source, not someone the lender contacts or tells
_FROM_SOURCE = _rx(
    r"\b(?:letters?|notes?|emails?|messages?|texts?|word|statements?|payslips?|references?|confirmation)"
    r"(?: [a-z'’-]+){0,2}? (?:from|by|of) $"
)


# APPROVAL AS A NOTICE: a sum or a credit offered as already there for the addressee ("R18,000
# has been set aside in your name", "Your cash has cleared our checks", "Rs 75,000 has been
# sanctioned for you"): a money noun or a sum as the subject of a done or ready state, and a
# claiming act (collect, confirm, reply, tap, visit, sign) or "for you / in your name"; not after
# an application or an affordability check.
# ---- the ACT side (session 38): a clause's act classed by its FORM, enumerated once ------------
# A DONE or READY state, whatever the verb: a perfect or passive participle ("has been greenlit",
# "is okayed", "stands unlocked"; any -ed / -en word or an irregular participle), or a ready state
# ("is loaded", "is in the post", "on its way", "queued", "live"), after any auxiliary of state.
_AUX_STATE = (
    r"(?:has|have|had|is|are|was|were|'s|’s|stands|stand|sits|sit|remains|lies|now"
    # session 39: any verb of being or becoming ("got countersigned", "comes pre-signed", "stays parked")
    r"|got|gets|comes|come|came|stays|stay|hangs|rests)"
)
_PARTICIPLE = (
    r"(?:[a-z-]+ed|given|taken|written|chosen|drawn|proven|shown|greenlit|lit|set|sent|put|done|made|given|built|ok'?d|okay'?d|cut|shown|through"
    r"|unlocked|pre-[a-z]+ed|ready|active|live|waiting|available|yours|awaiting|sitting|good to go|all set"
    r"|in the (?:post|mail|van|system|courier'?s? van|pipeline)|on (?:its|the|their) way|out for delivery"
    r"|with the courier|signed,? sealed"
    # session 39: a state by where it is or how it waits ("standing by", "pencilled in", "chilling in
    # your account", "is in your app")
    r"|standing by|on standby|hanging|resting|chilling|sitting pretty|pencil+ed in|ready and waiting"
    r"|there for you|in your (?:app|account|wallet|profile|name|inbox|m-pesa|mpesa|bank))"
)
# session 40: a CONTRACTION on the noun is its auxiliary ("loan's through", "boost's been okayed",
# "the cash's ready"); the elliptic state's participles: a done act on credit or a ready state, never
# a repayment's (received, paid, collected: _NOT_DONE) nor a bare adjective
_CONTRACTED = r"['’]s"
_ELLIPTIC_PART = (
    r"(?:pre-[a-z]+ed|approved|sanctioned|cleared|okayed|ok'?d|greenlit|green-lit|signed off|unlocked"
    r"|switched on|turned on|activated|released|authori[sz]ed|vetted|earmarked|reserved|set aside|parked"
    r"|loaded|credited|disbursed|opened|granted|allocated|confirmed|signed,? sealed|good to go|checked|verified"
    r"|sorted|disbursal-ready|payout-ready"
    r"|(?:went|gone|goes|is now|now) (?:live|through)|ready (?:for you|to (?:go|draw|withdraw|collect|use|spend)))"
)
# the THEME: the addressee's money, loan, limit or product (the nouns of credit, whole, once)
_MONEY_SUBJ = (
    r"(?:(?:loan|cash|money|funds?|credit(?: line| limit)?|line of credit|limit|advance|amount|payout|sum"
    r"|cheque|balance|overdraft|top-up|topup|refinanc\w*|facility|extension|disbursement|allowance|approval)"
    r"|(?:[$£€₹₦₱]|rs\.? ?|ksh ?|gh₵ ?|r(?=[0-9])|n(?=[0-9]))[0-9][0-9,.]*k?|[0-9][0-9,.]*k? ?(?:naira"
    r"|rupees|lakh|shillings|ksh|cedis|rand|bucks))"
)
# session 39: the OPEN credit noun: whatever noun the clause gives the addressee ("your approval pack",
# "your holiday kitty", "your ₹40,000 fees package") as the subject of the same states, where the
# message holds a sum, a credit word or a money verb (_CREDITISH)
_READY_OPEN = _rx(
    rf"\b(?:your|ur|yr)(?: [a-z0-9$£€₹₦₱,.'’-]+){{1,4}}?(?: {_AUX_STATE}|{_CONTRACTED})(?: now| already| just"
    rf"| been| all| officially| gone)* {_PARTICIPLE}\b"
    # a noun placed in the addressee's sphere, then its state in a relative clause ("a R6,500 line
    # on your profile that we've switched on")
    rf"|\b(?:a|an|the|one)(?: [a-z0-9$£€₹₦₱,.'’-]+){{1,4}}? (?:on|in|under|against|into) (?:your|ur)"
    rf" (?:[a-z-]+ )?(?:profile|app|account|name|number|wallet|card|mpesa|m-pesa)(?: (?:that|which))?"
    rf" (?:we{_AP}ve|we have|i{_AP}ve|i have|has been|is|{_AP}s|was)(?: just| already| now)* {_PARTICIPLE}\b"
    # the lender's own act on a credit noun placed there ("we've unlocked a $9,000 line on your profile")
    rf"|\b(?:we{_AP}ve|we have|i{_AP}ve|i have)(?: just| now| already)* (?:[a-z-]+ed|set up|put|built|lit|made)"
    rf" (?:a|an|your|ur|the)(?=[^.!?]{{0,30}}?(?:[$£€₹₦₱][0-9]|\bline\b|\blimit\b|\bloan\b|\bcredit\b"
    rf"|\badvance\b|\btop-?up\b|\bfacility\b|\boverdraft\b))(?: [a-z0-9$£€₹₦₱,.'’-]+){{1,4}}? (?:on|in|into|to|under)"
    rf" (?:your|ur) (?:[a-z-]+ )?(?:profile|app|account|wallet|card|name|number|mpesa|m-pesa)\b"
)
_CREDITISH = _rx(
    r"(?:[$£€₹₦₱]|\brs\.? ?|\bksh ?|\bgh₵ ?|\brm ?|\bs\$ ?|\br(?=[0-9])|\bn(?=[0-9]))[0-9]"
    r"|\b[0-9][0-9,.]*k?\b ?(?:naira|rupees|lakh|bucks|shillings|ksh|cedis|rand|quid|ringgit|pesos|k)\b"
    r"|\b(?:loans?|credit|limit|line|advance|overdraft|facility|approval|approved|sanction\w*|offer|disburs\w*"
    r"|pre-?approved|top-?up|payout|cash)\b"
    r"|\b(?:lands?|drops?|hits?|clears?|arrives?|is paid|gets paid|paid out) (?:straight |right |directly )?"
    r"(?:in|into|on|to|in to) your\b"
)
_READY = _rx(
    rf"{_MONEY_SUBJ}(?: [a-z0-9$£€₹₦,.'’-]+){{0,4}}?(?: {_AUX_STATE}|{_CONTRACTED})(?: now| already| just| been"
    rf"| all| officially| gone)* {_PARTICIPLE}\b"
    # session 40: the ELLIPTIC state (no auxiliary): a sum or credit noun and, right after it (or after a
    # colon or a dash), its participle ("$6,000 renovation credit pre-authorised last night", "your ₹80,000
    # advance: sanctioned and ready", "2k credit line switched on under your name", "₹1.2 lakh funding went
    # live on your profile"); texting's "ur loans approved" (the 's without its apostrophe)
    rf"|{_MONEY_SUBJ}s?(?: [a-z0-9$£€₹₦,.'’-]+){{0,3}}?(?:[:,]| [—–-])? (?:now |already |just |all |officially )*"
    rf"(?:{_ELLIPTIC_PART})\b(?:(?: [a-z]+){{0,2}}?(?:,| and|, and) (?:{_ELLIPTIC_PART}|waiting|sitting|resting|ready"
    r"|live|standing by)\b)*"
    # session 40: the done state in CODE-MIXING: pidgin's perfect "don" ("your loan don ripe", "e don
    # approve finish"), Hinglish "sanction ho chuka / ho gaya / kar diya", Swahili's perfect ime- / zime-
    # on mkopo / pesa ("mkopo yako imepita tayari")
    rf"|{_MONEY_SUBJ}(?: [a-z0-9$£€₹₦,.'’-]+){{0,3}}? (?:don|done|dun) (?:already |finish |reach )?[a-z]{{3,}}\b"
    r"|\b(?:e|it|am|dem) (?:don|done) (?:approve|land|enter|drop|ready|ripe|clear|pass|sign|release|credit|reach"
    r"|sanction|comot|enter)\w*"
    r"|\b(?:loan|paisa|amount|limit|credit|sanction|rakam)(?: [a-z0-9$₹,.'’-]+){0,3}? (?:sanction|approve|pass|ready"
    r"|credit|disburse|clear|release|transfer|jama|manjoor|manzoor|mil)\w* (?:ho|hoke|ho gaya|hogaya|ho gayi|ho chuka"
    r"|ho chuki|kar diya|kar di|kar dia|kar chuke|hai)\b"
    r"|\b(?:mkopo|pesa|hela|fedha|loan|mkopo wako|mkopo yako)\b(?: [a-z0-9,.'’-]+){0,3}? (?:ime|zime|ume|ishe)"
    r"[a-z]{3,}\b"
    # Singlish's perfect "already / liao" after the verb ("your file settle already lah")
    r"|\b(?:loan|file|application|money|cash|limit|case)(?: [a-z0-9$,.'’-]+){0,2}? (?:settle|approve|pass|done|ok"
    r"|confirm|clear|release|credit)d? (?:already|liao|le)\b"
    rf"|\b(?:is|are) (?:waiting|ready|reserved|set aside) for you\b|\bwaiting for (?:your|you to)\b"
    r"|\bawaiting (?:your |release|pickup|collection|pick-up)|\bin your name\b"
)
# the CLAIM: an act left to the addressee (collect, reply, press 1, dial, grab, check your app), or
# the addressee as the BENEFICIARY of the state (for you, in your name, under / against / on / into
# your number, profile, app, wallet, card, account)
_CLAIM = _rx(
    r"\b(?:collect|claim|confirm|reply|tap|click|visit|sign|release|receive|pick (?:it )?up|pickup|pick-up"
    r"|accept|activate|come (?:in|and|collect|get|grab)|just come|redeem|withdraw|spend|grab|draw|dial"
    r"|press [0-9]|it(?:'ll|’ll| will) (?:show|land|appear|reflect|drop|hit)|for you|in your name"
    # session 39: the addressee's one gesture left ("only waiting on your thumbs-up", "all that's
    # missing is your tap", "swipe right", "hit Accept") or the money's own verb into their account
    r"|swipe|thumbs[- ]?up|go-ahead|(?:waiting|waits|wait) (?:on|for) your|missing is your"
    r"|needs? (?:just |only )?(?:your|a) (?:tap|click|(?:e-?)?signature|e-?sign|ok|okay|yes|nod|word|thumbs)"
    r"|say (?:yes|the word|go)|hit (?:accept|confirm|claim|withdraw|draw|go|receive|yes|ok)"
    r"|(?:lands?|drops?|hits?|clears?|arrives?|is paid|gets paid) (?:straight |right |directly )?"
    r"(?:in|into|on|to|in to) your"
    # session 40: code-mixing's claims (pidgin "collect am", "dey wait for you"; Hinglish "OTP bhejo",
    # "click karo"; Swahili "bonyeza", "upate", "chukua")
    r"|collect am|dey wait|bhej\w*|dabao|karo|le lo|bonyeza|kubonyeza|upate|chukua"
    # the addressee as the owner from a time ("unlocked, verified, yours from 10am")
    r"|(?<!sincerely )(?<!faithfully )(?<!truly )yours (?:from|at|by|now|today|tonight|tomorrow|to (?:use|spend"
    r"|keep|draw)))\b"
    r"|\b(?:under|against|on|in|into|to|onto) (?:your|ur) (?:[a-z-]+ ){0,2}?(?:number|profile|account|app"
    r"|wallet|card|name|phone|id|mobile|file|record|m-pesa|mpesa)\b"
)
_APPLIED = _rx(
    r"\b(?:your application|applied|affordab\w*|agreement|terms|after (?:our|the) (?:checks?|assessment|review)"
    r"|received|we will let you know|decision|statement|payment of|repayment|as you (?:asked|requested)"
    r"|you requested|your request|requested|refund\w*|scam\w*|fraud\w*|schedule|yesterday|contract"
    r"|documents?|paperwork|pack"
    # session 40: a repayment's own schedule ("your first instalment is collected one month after
    # the funds arrive in your account"), not a sum made ready
    r"|instal+ments?|direct debit"
    # session 44 (precision): the customer's own request or application named by its kind ("your loan request
    # has been approved", "your overdraft increase request", "your hardship top-up request: approved")
    r"|your (?:[a-z0-9$£€₹₦,.-]+ ){1,3}?(?:request|application)|(?:we|i)(?:'ve|’ve| have)? (?:reviewed|assessed) your)\b"
)
_NOT_DONE = frozenset(
    [
        "received",
        "paid",
        "deducted",
        "debited",
        "charged",
        "declined",
        "rejected",
        "refused",
        "missed",
        "returned",
        "bounced",
        # a loan ended, not a sum ready ("it stays pledged until the loan is settled")
        "settled",
        "repaid",
        "cleared",
        "closed",
        "cancelled",
        "canceled",
        # session 45: what was said about a loan, not a sum ready ("no details of the loan were shared")
        "shared",
        "discussed",
        "disclosed",
        "mentioned",
        "revealed",
    ]
)
# session 47 (precision): a lost or stolen thing's state, not a sum ready, where the noun is the open one (not a money
# noun): "Your stolen phone was recovered by the police", "Your lost wallet was found and handed in"
_LOST_STATE = frozenset(
    [
        "recovered",
        "retrieved",
        "located",
        "traced",
        "found",
        "stolen",
        "lost",
        "blocked",
        "reissued",
        "replaced",
    ]
)


# "a car loan is secured on the car", "the advance is registered against the vehicle": collateral,
# not a sum said to be ready
_SECURITY = _rx(r" (?:on|against|by) (?:the|your|a|an|its|their|his|her) ")
_SECURED = frozenset(("secured", "registered", "pledged", "charged", "mortgaged", "backed"))

_MONEY_TOKENS = frozenset(
    [
        "loan",
        "cash",
        "money",
        "fund",
        "funds",
        "credit",
        "line",
        "limit",
        "advance",
        "amount",
        "payout",
        "sum",
        "cheque",
        "naira",
        "rupees",
        "lakh",
        "shillings",
        "ksh",
        "cedis",
        "rand",
        "bucks",
        "overdraft",
        "topup",
        "top",
        "facility",
        "extension",
        "disbursement",
        "allowance",
        "approval",
        # session 40: code-mixing's credit nouns
        "mkopo",
        "paisa",
        "pesa",
        # session 39: the open credit noun's credit words
        "offer",
        "approved",
        "sanction",
        "sanctioned",
        "preapproved",
    ]
)


def notice(norm: Normalized) -> list[Span]:
    light = norm.light
    toks = _tokens(light)
    if _MONEY_TOKENS.isdisjoint(toks) and not any(
        t[0].isdigit() or t.startswith("refinanc") for t in toks
    ):
        return []
    found = [
        m
        for m in _READY.finditer(light)
        if m.group().rsplit(" ", 1)[-1] not in _NOT_DONE
        and not (m.group().rsplit(" ", 1)[-1] in _SECURED and _SECURITY.match(light, m.end()))
    ]
    if not found and _CREDITISH.search(light):
        found = [
            m
            for m in _READY_OPEN.finditer(light)
            if m.group().rsplit(" ", 1)[-1] not in _NOT_DONE
            and m.group().rsplit(" ", 1)[-1] not in _LOST_STATE
            and not (m.group().rsplit(" ", 1)[-1] in _SECURED and _SECURITY.match(light, m.end()))
        ]
    found = [m for m in found if not _thing_registered(light, m) and not _fee_removed(light, m)]
    if not found:
        return []
    r = _reading(norm)
    if (
        not r.offer
        or r.borrower
        or r.question
        or _APPLIED.search(light)
        or not _CLAIM.search(light)
        or _transfer_record(light)
        or _payout_status(light)
        or _paid_to_payee(light)
        or _net_of_fees(light)
    ):
        return []
    return [_dense(norm, *m.span()) for m in found]


# session 48 (precision): A THING OF THE ADDRESSEE'S PUT BACK IN THEIR NAME ("Your replacement SIM is active and registered
# in your name again", "the phone number on your loan file was re-registered under your name", "Your UPI ID was
# re-registered in your name after the bank merger"): a SIM, a number, a device or an ID registered, linked or re-issued,
# not a sum made ready. A found state is dropped where its sentence names such a thing and a registration, and holds no
# sum and no credit made ready ("Your SIM is re-registered in your name and a ₹40,000 loan has been approved" keeps it).
_REG_THING = _rx(
    r"\b(?:e-?sims?|sims?(?: cards?)?|phones?|handsets?|mobiles?|(?:phone |mobile |contact )?numbers?|devices?"
    r"|upi ids?|vpas?|upi handles?|logins?|otps?|email(?: address)?|id cards?|kyc)\b"
)
_REG_ACT = _rx(
    r"\b(?:re-?registered|registered|re-?linked|linked|ported|re-?issued|issued|re-?bound|bound|reactivated"
    r"|restored|transferred|updated|verified)\b"
)
_REG_MONEY = _rx(
    r"[$£€₹₦₱][0-9]|\b(?:rs\.?|ksh|inr|php|ngn|rm|s\$) ?[0-9]|\b[0-9][0-9,.]*k? ?(?:naira|rupees|lakh|bucks|shillings|pesos)\b"
    r"|\b(?:approved|sanctioned|pre-?approved|credit line|limit|cash|funds?|money|offer|payout|disburs\w*|claim)\b"
)


def _thing_registered(light: str, m: re.Match[str]) -> bool:
    low, b = next(
        ((lo, hi) for lo, hi in _sentences(light) if lo <= m.start() <= hi), (0, len(light))
    )
    return (
        _REG_THING.search(light, low, b) is not None
        and _REG_ACT.search(light, low, b) is not None
        and _REG_MONEY.search(light, low, b) is None
    )


# session 49 (precision): A FEE TAKEN OFF ("The late fee of $25 on your account was waived as a one-time goodwill gesture",
# "The annual fee of ₹499 on your card was reversed", "the $35 returned-payment fee ... has been refunded"): a charge
# waived, reversed, refunded or removed, not a sum made ready. A found state is dropped where its own verb takes the
# charge off and its sentence names a fee, a charge or a penalty, and no credit made ready ("... fee waived, and a
# ₹50,000 loan is approved for you" keeps the loan's state).
_FEE_OFF = frozenset(
    ("waived", "reversed", "refunded", "removed", "cancelled", "canceled", "dropped")
)
_FEE_NOUN = _rx(r"\b(?:fees?|charges?|penalty|penalties|fines?|surcharges?)\b")
_FEE_CREDIT = _rx(
    r"\b(?:loan|approved|sanctioned|pre-?approved|credit line|limit|offer|payout|disburs\w*|claim|cash advance)\b"
)


def _fee_removed(light: str, m: re.Match[str]) -> bool:
    if m.group().rsplit(" ", 1)[-1] not in _FEE_OFF:
        return False
    low, b = next(
        ((lo, hi) for lo, hi in _sentences(light) if lo <= m.start() <= hi), (0, len(light))
    )
    return (
        _FEE_NOUN.search(light, low, b) is not None
        and _FEE_CREDIT.search(light, low, m.start()) is None
        and _FEE_CREDIT.search(light, m.end(), b) is None
    )


# session 48 (precision): MONEY PAID TO A PAYEE, not to the addressee ("Your vehicle loan amount has been disbursed to the
# dealership; please collect the delivery note", "the course fee was paid straight to the institute"): the sum has left
# for the dealer, the school or the clinic, nothing waits to be claimed. Not where a lure stands in the message ("...
# disbursed to the dealership and guaranteed, no credit check needed").
_PAYEE = _rx(
    r"\b(?:disburs\w*|paid|released|sent|transferred|remitted|wired|credited|gone|went)\b(?: [a-z]+){0,3}?"
    r" (?:directly |straight |right )?to (?:the |your |our )?(?:[a-z]+ ){0,2}?(?:dealers?|dealerships?|showrooms?|sellers?"
    r"|vendors?|merchants?|builders?|developers?|colleges?|university|universities|schools?|institutes?|institutions?"
    r"|hospitals?|clinics?|insurers?|landlords?|garages?)\b"
)
_PAYEE_LURE = _rx(
    r"\b(?:claim|withdraw|tap|click|reply|redeem|activate|bvn|otp|pin|link|hurry|limited|today only|no need"
    r"|whatever|anyone|everyone)\b"
)


def _paid_to_payee(light: str) -> bool:
    return (
        _PAYEE.search(light) is not None
        and _INDUCES.search(light) is None
        and _PAYEE_LURE.search(light) is None
    )


# session 48 (precision): THE APPROVED SUM NET OF NO FEE ("There's no processing fee on this loan. The full ₹50,000 you
# were approved for is what lands in your account", "Since there's no origination fee, the $5,000 you were approved for
# is what you'll receive"): a fee disclosure (nothing deducted), the amount the addressee was approved for told whole.
# Not where a lure stands ("No processing fee, and ₹50,000 is approved for everyone who applies today", "whatever you
# ask for", "in minutes", "tap to claim").
_NO_FEE = _rx(
    r"\b(?:no|zero|without|nil|free of|waived?)\b(?: [a-z-]+){0,3}? (?:fees?|charges?|deductions?)\b"
    r"|\b(?:don{_AP}?t|do not|won{_AP}?t|will not|never) (?:deduct|charge|take off|subtract)\b"
    r"|\bnothing (?:is |will be )?(?:deducted|taken off|to pay (?:before|upfront|up front))".replace(
        "{_AP}", _AP
    )
)
_NET_WHOLE = _rx(
    r"\b(?:is|are) (?:exactly |precisely |just )?what (?:lands|reaches|arrives|goes|you(?:{_AP}ll| will)? (?:get|receive))"
    r"|\b(?:the )?(?:full|entire|whole|same) (?:amount|sum|[$£€₹₦₱])|\bin full\b"
    r"|\bwill be (?:credited|paid|deposited|transferred)\b".replace("{_AP}", _AP)
)
_NET_LURE = _rx(
    r"\b(?:claim|withdraw|tap|click|reply|redeem|activate|bvn|otp|link|everyone|anyone|whatever|any amount"
    r"|guarantee\w*|instant\w*|minutes?|seconds?|tonight|today|no (?:checks?|credit|documents?|questions))\b"
)


def _net_of_fees(light: str) -> bool:
    return (
        _NO_FEE.search(light) is not None
        and _NET_WHOLE.search(light) is not None
        and _NET_LURE.search(light) is None
    )


# session 42: a transfer's record names the account by its last digits ("disbursed to your account
# ending 4821", "credited to a/c xx2268"): the money has moved to a known account and nothing is
# left for the addressee to do; a lure's claim word ("reply YES", "tap to withdraw") still counts
_ACCOUNT_ID = _rx(
    r"\b(?:account|a/c|acct|card)(?: [a-z]+){0,2}? (?:ending(?: in| with)?|ends in|no\.?|number|x+|\*+)"
    r" ?(?:x+|\*+)?[0-9]{3,6}\b|\b(?:account|a/c|acct) (?:x+|\*+)[0-9]{3,6}\b"
)
_PLACE_CLAIM = _rx(r"(?:under|against|on|in|into|to|onto) (?:your|ur) ")


# session 44 (precision): an APPROVAL STATUS with its payout date ("Your loan approved liao, $5,000 will credit
# into your account by tomorrow"): the only claims place the money in the addressee's account, the message says
# when it arrives, and nothing is left to do and nothing induces ("reply YES", "no checks", "pre-approved",
# "congratulations" keep the notice)
_PLACE_ONLY = _rx(
    r"(?:under|against|on|in|into|to|onto) (?:your|ur) |(?:lands?|drops?|hits?|clears?|arrives?|is paid|gets paid)"
    r" |it(?:'ll|’ll| will) "
)
_PAYOUT_WHEN = _rx(
    r"\b(?:by|before|on|within|after) (?:tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|the (?:next|following) (?:working|business) day|end of (?:the )?day|(?:[0-9]+|one|two|three|four|five)"
    r" (?:working|business) days?|[0-9]{1,2}(?:[:.][0-9]{2})? ?(?:am|pm)|the hour|(?:an|one|two|three|[0-9]+) hours?)\b"
    r"|\btomorrow(?: morning| afternoon| evening)?\b|\bnext working day\b|\bthis (?:afternoon|evening)\b"
)
_INDUCES = _rx(
    r"\b(?:guarantee\w*|no (?:checks?|credit|documents?|docs|paperwork|questions)|without (?:a |any )?(?:checks?"
    r"|documents?|paperwork|application|applying)|never applied|pre-?approved|congrat\w*|selected|exclusive"
    r"|limited|hurry|act now|bonus|free|gift|reward)\b"
)


def _payout_status(light: str) -> bool:
    if _PAYOUT_WHEN.search(light) is None or _INDUCES.search(light) is not None:
        return False
    return all(_PLACE_ONLY.match(m.group()) for m in _CLAIM.finditer(light))


def _transfer_record(light: str) -> bool:
    if _ACCOUNT_ID.search(light) is None:
        return False
    return all(_PLACE_CLAIM.match(m.group()) for m in _CLAIM.finditer(light))


# A LIFE-STYLE LURE through the addressee's social world: an offer, and a clause where people of
# the addressee's world (your X, X a person or kin by form; everyone / all / the lads / the
# neighbours; people you follow) have, do or go somewhere, or the addressee is told not to fall
# behind them (don't be the one, don't let X down, your turn, catch up, deserve, treat X).
_SOCIAL = _rx(
    r"\b(?:everyone|everybody|all (?:your|the|of your|ur)|the (?:lads|girls|boys|neighbou?rs|gang|crew|squad"
    r"|whole (?:street|office|family))|people you (?:follow|know)|influencers|your (?:whole )?(?:street|office"
    r"|class|squad|crew|gang))\b"
)
_KEEPUP = _rx(
    rf"\b(?:don{_AP}?t be the (?:one|only)|don{_AP}?t let [a-z' ]{{1,20}} down|your turn|catch up|keep up"
    r"|deserves?|treat (?:the|your|ur|them|her|him)|live like|empty-handed|stuck at home|left out|miss (?:your|the"
    r"|out)|best [a-z]+ (?:on|in) the|except you|without you|going to|booking|booked|are all|have all|just got"
    r"|got (?:a|the) new|are at|all have)\b"
)
_ADVICE = _rx(
    r"\b(?:save|saving|budget\w*|rarely|can'?t afford|cannot afford|think twice|responsib\w*|good idea|guide"
    r"|without borrowing|instead of borrowing|regulator|fined|adverts?|ads?)\b"
)
_BORROW_NOW = _rx(
    r"\b(?:borrow|grab|get|take|loans?|cash|quick loans?|instant|send|lend|collect|receive)\b[^.!?]{0,30}?(?:today"
    r"|now|instant\w*"
    r"|in minutes|up to|from|[$£€₹₦₱]|[0-9])|\bborrow\b|\bone loan away\b|\bup to (?:[$£€₹₦₱]|rs|ksh|rm|r|n)? ?[0-9]"
    r"|(?:[$£€₹₦₱]|\brs\.? ?|\bksh ?|\brm ?)[0-9][0-9,.]*k? (?:by |in |within )?(?:today|tonight|now|teatime|tomorrow"
    r"|the hour|minutes)\b"
)


# AN OCCASION LURE (session 38): a life event of the addressee or kin (a wedding, a birthday, prom,
# Eid, Diwali, a honeymoon, "turns sixteen") as the loan's purpose, an offer made now, and urgency or
# ease; not advice, a question, a disclosed example (APR) or a payment holiday / third party.
_OCCASION = _rx(
    r"\b(?:weddings?|birthdays?|christening|baptism|naming ceremony|graduation|prom|eid|raya|diwali|deepavali"
    r"|christmas|xmas|new year|hanukkah|honeymoon|anniversary|(?<!third )party|reunion|festival|ceremony"
    r"|sweet sixteen|quincea\w+|[a-z]* ?mitzvah|hen do|stag do|baby shower|back to school|holidays?|vacation"
    r"|turns? (?:[0-9]+|sixteen|eighteen|twenty-one|twenty one|forty|fifty|sixty|one)"
    r"|celebrat\w*|festive|ang ?pow|aso-?ebi|lobola|bride price|engagement|trip)\b"
)
_OCC_TOKENS = frozenset(
    [
        "wedding",
        "weddings",
        "birthday",
        "birthdays",
        "christening",
        "baptism",
        "naming",
        "graduation",
        "prom",
        "eid",
        "raya",
        "diwali",
        "deepavali",
        "christmas",
        "xmas",
        "year",
        "hanukkah",
        "honeymoon",
        "anniversary",
        "party",
        "reunion",
        "festival",
        "ceremony",
        "sixteen",
        "quinceanera",
        "mitzvah",
        "hen",
        "stag",
        "shower",
        "school",
        "holiday",
        "holidays",
        "vacation",
        "turns",
        "turn",
        "celebrate",
        "celebration",
        "celebrating",
        "festive",
        "angpow",
        "pow",
        "aso",
        "ebi",
        "lobola",
        "bride",
        "engagement",
        "trip",
    ]
)
_EASE = _rx(
    r"\b(?:today|now|tonight|in minutes|fast|quick\w*|instant\w*|this week|before the|no questions|approved"
    r"|sorted|cover|let us|send|only (?:happens|turns|get)|once|deserves?|don'?t (?:go|miss|let)|think later"
    r"|worry later|pay (?:\w+ )?(?:back )?(?:after|later)|same day|within)\b"
)
_DISCLOSED = _rx(r"\b(?:apr|representative|payment holiday|holiday pay)\b")


def _occasion(norm: Normalized) -> list[Span]:
    light = norm.light
    if _OCC_TOKENS.isdisjoint(_tokens(light)):
        return []
    occ = _OCCASION.search(light)
    if occ is None:
        return []
    r = _reading(norm)
    if (
        not r.offer
        or r.borrower
        or r.question
        or r.debt
        and _DEBT_ONLY.search(light)
        or _ADVICE.search(light)
        or _DISCLOSED.search(light)
        or not _BORROW_NOW.search(light)
        or not _EASE.search(light)
    ):
        return []
    return [_dense(norm, *occ.span())]


_DEBT_ONLY = _rx(r"\b(?:owe[sd]?|arrears|overdue|outstanding|missed)\b")


def lure(norm: Normalized) -> list[Span]:
    light = norm.light
    if not _KEEPUP.search(light):
        return _occasion(norm)
    r = _reading(norm)
    if r.borrower or r.question or _ADVICE.search(light) or not _BORROW_NOW.search(light):
        return []
    out: list[Span] = []
    for c in r.clauses:
        t = c.text
        people = [e for e in c.sphere if e[0] in ("person", "kin", "child")]
        social = _SOCIAL.search(t)
        keep = _KEEPUP.search(t)
        if keep is None or not (people or social or re.search(r"\byou", t)):
            continue
        if not (people or social) and not re.search(
            r"\b(?:deserve|treat|live like|catch up|your turn)\b", t
        ):
            continue
        out.append(_dense(norm, c.start + keep.start(), c.start + keep.end()))
    return out


# A GUARANTEE BY THE SHAPE OF CERTAINTY (session 38): the outcome's FAILURE negated or made
# impossible ("no way this comes back refused", "zero chance you get knocked back", "not a single
# customer has been declined", "Rejections? Never heard of one"), a double negative ("can't not go
# through"), or an idiom of a done outcome by its shape ("as good as paid out", "sail / breeze through",
# "like a hot knife through butter", "in the bag", "a lock", "bet my car on it", "or I'll eat my
# hat"), in the lender's voice about a loan; not a question, a report or warning, a hedge
# ("doesn't automatically", "just because", "without") or a condition ("won't be charged if declined").
_FAILURE = (
    r"(?:refus\w*|reject\w*|declin\w*|turn(?:s|ed|ing)? (?:\w+ )?down|knock(?:s|ed|ing)? (?:\w+ )?back|say(?:s|ing)? no"
    r"|said no|bounc\w*|fail\w*|denied|come(?:s)? back (?:refused|rejected|declined|no|negative)|a no\b"
    r"|bin(?:s|ned|ning)?|turn(?:s|ed|ing)? (?:\w+ )?away|sh(?:oot|oots|ot) (?:\w+ )?down|thr(?:ow|ows|own|ew) (?:\w+ )?out)"
)
_IMPOSSIBLE = (
    rf"(?:no way|zero chance|no chance|not a chance|not a hope|never|impossible|nobody|no one|no-one"
    # session 39: a negated world ("no universe in which", "not seen one", "I've not once known")
    rf"|no (?:universe|world|scenario|planet|version of events)|not (?:once )?(?:seen|watched|known|had)"
    rf"|not (?:one|a single)|none|won{_AP}?t|will not|can{_AP}?t|cannot|couldn{_AP}?t|isn{_AP}?t going to"
    rf"|ain{_AP}?t|not going to|haven{_AP}?t|hasn{_AP}?t)"
)
_SURE_SHAPE = _rx(
    rf"\b{_IMPOSSIBLE}\b(?P<gap>[^.!?;]{{0,40}}?)\b{_FAILURE}"
    rf"|\b{_FAILURE}\? (?:never|nah|none|zero|not (?:here|with us|once)|no way|forget it)\b"
    rf"|\b(?:can{_AP}?t|cannot|won{_AP}?t|couldn{_AP}?t) not (?:go|get|come|be|pass|happen|work)\b"
    r"|\bas good as (?:[a-z]+ed|done|yours|paid(?: out)?|in|there|through|sorted|approved|funded|in the bank)\b"
    r"|\b(?:sail|breeze|glide|fly|cruise|waltz|slide|whizz|zip)(?:s|ing)? (?:right |straight )?through\b"
    r"|\bthrough like (?:a )?(?:hot )?(?:knife|butter)|\blike (?:a )?(?:hot )?knife through butter\b|\bin the bag\b"
    r"|\b(?:is|'s|’s) a (?:lock|done deal|sure thing|slam dunk|dead cert|cert|banker|shoo-in)\b"
    r"|\bbet (?:my|the) (?:house|car|life|mortgage|last \w+|bottom \w+|kids)\b|\beat my hat\b"
)
_SURE_HEDGE = _rx(
    r"\b(?:automatically|necessarily|always|just because|only because|because of|without|unless|if|whether"
    r"|when|until|for that reason|on its own|alone|guarantee|guaranteed|depends|promise|saying|says|claims?"
    r"|legitimate|watch out|every lender|no lender)\b"
)
_SURE_THEME = _rx(
    r"\b(?:loans?|applications?|approv\w*|money|cash|funds?|credit|yours|this one|advance|limit|payout"
    # session 39: a sum or a file is the loan too ("your £8,000", "every file I push upstairs")
    r"|files?|cases?|deals?|forms?|lakh|clients?|customers?)\b"
    r"|(?:[$£€₹₦₱]|\brs\.? ?|\bksh ?|\bgh₵ ?|\brm ?|\br(?=[0-9]))[0-9]|\b[0-9]+k\b"
)
# session 39: CERTAINTY BY A UNIVERSAL: a quantifier over the outcomes and a verb of approval, either
# order ("every single file I push upstairs comes back with a yes", "the bank signs off on whatever
# you send me", "the approvals desk okays everything that goes through me"), or a negated world
# ("can't imagine / picture / think of a world where they say no"); not negated ("not every"), not
# a rule's condition (criteria, eligible, checks, if, subject to)
_ALL_Q = (
    r"(?:every(?:thing)?(?: single| last)?(?: one| file| application| case| client| customer| deal"
    r"| form| request| loan)?s?|anything|whatever|all (?:my |our |the )?(?:files|applications|clients|customers"
    r"|cases|deals|forms|requests|loans)|each (?:and every )?(?:one|file|application|case|client|customer))"
)
_ALL_YES = (
    r"(?:ok(?:ay)?(?:s|ed|'d|’d)?|approv\w*|sign(?:s|ed)? (?:it |them )?off(?: on)?|comes? back (?:with )?(?:a )?(?:yes"
    r"|approved|green)|gets? (?:a |the )?(?:yes|nod|green light|approved|through|go-ahead)|goes through|go through"
    r"|wave[sd]? (?:it |them )?through|waves? through|rubber[- ]?stamp\w*|pass(?:es|ed)?|sail\w*|says? yes(?: to)?"
    r"|accept(?:s|ed)?|green[- ]?light\w*|push(?:es)? (?:it )?through)"
)
_SURE_ALL = _rx(
    rf"(?<!not )(?<!n't )(?<!n’t )\b{_ALL_Q}\b[^.!?;]{{0,50}}?\b{_ALL_YES}\b"
    rf"|\b{_ALL_YES} (?:on |to )?(?:literally |just about |pretty much )?{_ALL_Q}\b"
    rf"|\b(?:can{_AP}?t|cannot|couldn{_AP}?t) (?:imagine|picture|think of|see|recall|remember|name)\b[^.!?;]{{0,60}}?"
    rf"\b(?:say(?:s|ing)? no|said no|a no|{_FAILURE})"
)
_ALL_HEDGE = _rx(
    r"\b(?:criteria|meets?|eligib\w*|subject to|afford\w*|checks?|review\w*|assess\w*|qualif\w*|status"
    r"|not every|not all|doesn{_AP}?t mean|does not mean|cards?|payments?|complaints?|claims?|terms|policy"
    r"|search\w*|decision|process\w*|bureau|underwrit\w*|verif\w*|scrutiny|same|fair\w*|rules?|help\w*"
    r"|before|until|once|need\w*|requir\w*)\b".replace("{_AP}", "['’]")
)
# session 40: THE FORM LAYER of certainty. The same universal claim ("every file of mine is approved")
# said as a CHALLENGE or RHETORICAL QUESTION whose expected answer is "none" ("name me one client the
# bank refused", "when has a deal of mine ever failed?", "since when do my referrals get declined?",
# "who've I ever put forward that didn't drive off with the keys?", "how many were rejected? zero"),
# or as a NEGATED EXISTENTIAL of a negative outcome ("there isn't one borrower whose top-up hasn't
# gone through", "I've yet to meet a customer whose loan was refused", "nobody I've sent has come back
# empty-handed"): read as the universal, then the frame's own vetoes (borrower, question, hedge, theme)
_NEG_OUTCOME = (
    rf"(?:(?:didn{_AP}?t|did not|wasn{_AP}?t|was not|hasn{_AP}?t|has not|hadn{_AP}?t|haven{_AP}?t|weren{_AP}?t"
    r"|never) (?:[a-z'’-]+ ){0,3}?(?:through|approved|funded|paid|accepted|signed|the (?:money|cash|keys|loan)"
    r"|a (?:payout|yes|loan)|in a (?:payout|yes)|with (?:the|a|their) (?:money|cash|keys|loan|yes))"
    r"|without (?:the |their |his |her |a |an )?(?:money|cash|loan|funds?|keys|approval|payout|a yes)"
    r"|empty[- ]handed)"
)
_FORM_NONE = _rx(
    # the challenge: name / show / find / tell / point to one ... refused
    rf"\b(?:name|show|find|tell|give|point to) (?:me |us )?(?:one|a single|a|any|just one|one single|even one)\b"
    rf"[^.!?;]{{0,60}}?\b(?:{_FAILURE})"
    # the rhetorical question: when has ... ever / last ..., since when ..., who've I ever ... that didn't
    rf"|\bwhen (?:has|have|had|did|does|do|was|were|is|would)\b[^.!?;]{{0,60}}?\b(?:ever|last)\b[^.!?;]{{0,40}}?"
    rf"(?:{_FAILURE}|{_NEG_OUTCOME})"
    rf"|\bsince when (?:do|does|did|have|has|would|will|are|is)\b[^.!?;]{{0,50}}?(?:{_FAILURE}|{_NEG_OUTCOME})"
    rf"|\bwho(?:{_AP}ve| have| has|{_AP}s| did) (?:i|we|[a-z]+(?: [a-z]+)? ever)\b[^.!?;]{{0,60}}?\b(?:that|who)"
    r" (?:[a-z'’-]+ ){0,3}?"
    rf"{_NEG_OUTCOME}"
    rf"|\bhow many\b[^.!?;]{{0,60}}?(?:{_FAILURE})[^.!?]{{0,30}}?[?.!]\s*(?:zero|none|nil|not one|nobody|no one"
    r"|not a single)\b"
    # the negated existential of a negative outcome (a longer reach than _SURE_SHAPE's 40 characters)
    rf"|\b(?:there(?:{_AP}s| is| are|{_AP}re) (?:not|no|never been)|there (?:isn{_AP}?t|aren{_AP}?t|wasn{_AP}?t"
    rf"|weren{_AP}?t|hasn{_AP}?t been|has never been)|not (?:one|a single)|no (?:single )?(?:client|customer|file"
    r"|borrower|applicant|case|deal|member|farmer|person|application|referral|buyer)s?|nobody|no one|no-one"
    rf"|i(?:{_AP}ve| have) yet to (?:see|meet|have|watch|hear of|come across|find|lose))\b(?P<gap2>[^.!?;]{{0,80}}?)"
    rf"(?:\b(?:{_FAILURE})|{_NEG_OUTCOME})"
    rf"|\b(?:yet to|never once|not once) (?:lose|lost) (?:a single |one |an? |any )?(?:application|file|case|deal"
    r"|client|customer|loan|submission)s?\b"
    # session 41: the challenge closed by the speaker ("Find me one client of mine the bank sent packing. Go
    # on, I'll wait."), any outcome verb; "ask anyone whether I've ever let them down ... same answer"
    rf"|\b(?:name|show|find|point|give) (?:me |us )?(?:to )?(?:one|a single|a|any|just one|even one)\b[^.!?;]{{0,70}}?"
    rf"[.!?]\s*(?:(?:go on|come on|go ahead|take your time|seriously)[,.!]* )?(?:i{_AP}ll wait|i{_AP}m waiting"
    rf"|i will wait|i am waiting|i can wait|still waiting|take your time|you can{_AP}?t|can{_AP}?t do it|thought not"
    rf"|didn{_AP}?t think so|exactly)\b"
    rf"|\bask (?:anyone|anybody|around|the \w+|any of|people)\b[^.!?;]{{0,60}}?\b(?:if|whether) (?:i|we|my \w+)"
    rf"(?:{_AP}ve| have| has| had)? (?:ever|once)\b[^.!?;]{{0,40}}?(?:{_FAILURE}|let (?:\w+ ){{0,2}}down|bad news)"
    rf"[^.!?]{{0,30}}?[.!?]\s*(?:same answer|they{_AP}ll (?:all )?(?:say|tell you) the same|you{_AP}ll hear the same"
    rf"|same (?:story|reply|thing)|everyone says no|they{_AP}ll all say no|the answer{_AP}?s always no)"
)
# session 41: THE IMPLIED ANSWER. A yes / no (or who) question the speaker closes at once ("Ever had
# one turned down with me? Didn't think so.", "Has the lender ever refused someone I brought in? I'll
# let you answer that.", "Did her mortgage get approved when she came to me? Of course it did.", "Who
# do you reckon signs these off? Yours truly."): the closing answer makes the question a claim about
# the speaker's record, the same universal the frame reads from "nobody I've sent was refused". A
# failure asked about and answered "no" (or "you know the answer"); an approval asked about and
# answered "yes"; the speaker's own record in the question (me / my / I / we / ever / once / any).
# Not an answer that is itself asked ("No?"), nor one followed by "but" (a service reply).
_ANSWER_NO = (
    rf"(?:didn{_AP}?t think so|did not think so|(?:i )?thought not|(?:i )?thought as much|exactly|precisely|nope|nah"
    rf"|no|never|not once|never once|of course not|course not|(?:of )?course (?:they|it|he|she|we|i|you|the \w+)"
    rf" (?:don{_AP}?t|didn{_AP}?t|doesn{_AP}?t|haven{_AP}?t|hasn{_AP}?t|won{_AP}?t|weren{_AP}?t|wasn{_AP}?t|do not|did not)"
    rf"|you (?:already |all |both )?know the answer|(?:i{_AP}ll|i will|let me) let you answer(?: that)?"
    rf"|enough said|i rest my case|case closed|no chance|not a chance|none|zero|nobody|no one|not a single one"
    rf"|didn{_AP}?t think|rhetorical question|don{_AP}?t answer that|answer{_AP}?s no|the answer{_AP}?s no"
    rf"|the answer is no|you can{_AP}?t,? can you|can{_AP}?t think of one|thought so)"
)
_ANSWER_YES = (
    r"(?:(?:of )?course (?:it|they|he|she|we|i|you|the \w+) (?:did|do|does|was|were|has|have|will)|course it did"
    r"|exactly|precisely|obviously|naturally|yes|yep|yup|you bet|there you go|me|yours truly|moi|this guy"
    r"|muggins(?: here)?|i do|we do|every time|always|what do you think)"
)
_IMPLIED = _rx(
    rf"(?:^|[.!?]\s+|\n)(?P<q>[^.!?\n]{{6,140}}?\?)\s*(?:(?P<no>{_ANSWER_NO})|(?P<yes>{_ANSWER_YES}))\b"
    r"(?!\s*\?)(?!,? but\b)"
)
_IMPLIED_FAIL = _rx(
    rf"\b(?:{_FAILURE}|let (?:[a-z]+ ){{0,2}}?down|bad news|(?:walk|walked|went|go|gone|come|came) (?:away|off|out|back|home)"
    rf" (?:without|empty|with nothing)|{_NEG_OUTCOME}|been turned|said no|a no\b|missed out|lost (?:a|one|any))"
)
_IMPLIED_YES = _rx(
    r"\b(?:approv\w*|go(?:es)? through|went through|gone through|got through|come through|came through"
    r"|get (?:the|their|her|his|your) (?:money|loan|cash|keys|yes|funds)|got (?:the|their|her|his) (?:money|loan|cash"
    r"|keys|yes|funds)|sorted|funded|paid out|accepted|sign(?:s|ed)? (?:\w+ )?off|ok(?:ay)?(?:s|ed)|decides?"
    r"|say(?:s)? yes|stamp(?:s|ed)?|the (?:final|last) (?:say|word)|pass(?:es|ed)?)\b"
)
_IMPLIED_MINE = _rx(
    rf"\b(?:me|my|mine|i|i{_AP}ve|i{_AP}m|i{_AP}d|we|we{_AP}ve|our|us|ever|once|any|anyone|anybody|a single|one of"
    r"|who)\b"
)
_IMPLIED_TOKENS = frozenset(
    (
        "think",
        "thought",
        "exactly",
        "precisely",
        "nope",
        "nah",
        "no",
        "never",
        "not",
        "course",
        "answer",
        "said",
        "rest",
        "closed",
        "chance",
        "none",
        "zero",
        "nobody",
        "rhetorical",
        "obviously",
        "naturally",
        "yes",
        "yep",
        "yup",
        "bet",
        "go",
        "me",
        "truly",
        "moi",
        "guy",
        "muggins",
        "do",
        "time",
        "always",
    )
)


def _implied(light: str, toks: frozenset[str]) -> list[re.Match[str]]:
    if "?" not in light or _IMPLIED_TOKENS.isdisjoint(toks):
        return []
    out = []
    for m in _IMPLIED.finditer(light):
        q = m.group("q")
        if _IMPLIED_MINE.search(q) is None:
            continue
        if m.group("no") is not None and m.group("no") not in ("exactly", "precisely"):
            if _IMPLIED_FAIL.search(q):
                out.append(m)
        elif m.group("yes") is not None and m.group("yes") not in ("exactly", "precisely"):
            if _IMPLIED_YES.search(q):
                out.append(m)
        elif _IMPLIED_FAIL.search(q) or _IMPLIED_YES.search(q):
            out.append(m)
    return out


_FORM_SET = frozenset(
    (
        "name",
        "show",
        "find",
        "tell",
        "give",
        "point",
        "when",
        "ask",
        "since",
        "who",
        "how",
        "there",
        "theres",
        "not",
        "no",
        "nobody",
        "yet",
        "empty",
    )
)

# the shapes' whole words (a set test), then the failure verbs' stems (refused, rejecting, declines)
_SURE_SET = frozenset(
    [
        "turn",
        "turns",
        "turned",
        "turning",
        "knock",
        "knocks",
        "knocked",
        "say",
        "says",
        "saying",
        "said",
        "fail",
        "fails",
        "failed",
        "failing",
        "denied",
        "come",
        "comes",
        "good",
        "sail",
        "sails",
        "sailing",
        "breeze",
        "breezes",
        "glide",
        "fly",
        "flies",
        "cruise",
        "waltz",
        "slide",
        "whizz",
        "zip",
        "through",
        "knife",
        "butter",
        "bag",
        "lock",
        "deal",
        "thing",
        "dunk",
        "cert",
        "banker",
        "shoo",
        "bet",
        "hat",
    ]
)
_SURE_STEMS = ("refus", "reject", "declin", "bounc")
# session 39: the universal's and the negated world's words
_SURE_ALL_SET = frozenset(
    [
        "every",
        "everything",
        "everyone",
        "everybody",
        "anything",
        "whatever",
        "each",
        "imagine",
        "picture",
        "recall",
        "universe",
        "world",
        "scenario",
        "seen",
        "watched",
        "known",
        "bin",
        "binned",
        "files",
        "applications",
        "clients",
        "customers",
        "cases",
    ]
)


def sure(norm: Normalized) -> list[Span]:
    light = norm.light
    toks = _tokens(light)
    universal = not _SURE_ALL_SET.isdisjoint(toks)
    form = not _FORM_SET.isdisjoint(toks)
    implied = _implied(light, toks)
    if (
        not universal
        and not form
        and not implied
        and _SURE_SET.isdisjoint(toks)
        and not any(t.startswith(_SURE_STEMS) for t in toks)
    ):
        return []
    found = implied
    if form:
        for m in _FORM_NONE.finditer(light):
            gap = m.group("gap2")
            if gap is not None and _SURE_HEDGE.search(gap):
                continue
            found.append(m)
    for m in _SURE_SHAPE.finditer(light):
        gap = m.group("gap")
        if gap is not None and _SURE_HEDGE.search(gap):
            continue
        found.append(m)
    if universal:
        for m in _SURE_ALL.finditer(light):
            if not _ALL_HEDGE.search(
                light, max(0, m.start() - 40), m.end() + 40
            ) and not _SURE_HEDGE.search(m.group()):
                found.append(m)
    if not found:
        return []
    r = _reading(norm)
    if r.borrower or r.question or _net_of_fees(light):
        return []
    # the theme: a loan / application / money, or the addressee refused ("turning you down")
    if not _SURE_THEME.search(light) and not any(
        " you " in m.group() or "you" in light[m.end() : m.end() + 8] for m in found
    ):
        return []
    out: list[Span] = []
    for m in found:
        # the clause after the shape carries no hedge or warning either
        tail = light[m.end() : m.end() + 40].split(".", 1)[0]
        if _SURE_HEDGE.search(tail) or _SURE_HEDGE.search(light, max(0, m.start() - 30), m.start()):
            continue
        out.append(_dense(norm, *m.span()))
    return out


# session 41: A DONE STATE, THEN THE MONEY ON A DAY. An elliptic state of the file on the lender's side
# ("Sorted on my end, bro.", "All squared away at head office", "File's through and signed") and, in the
# next clause or sentence, the money arriving on a named day with no condition ("Your cash lands
# Wednesday.", "The ₦400,000 drops tomorrow morning.", "Yours from Monday."): the outcome told as
# settled before any agreement is signed. Not when the message names a step still to come (once you
# sign, subject to, we'll assess), a usual timing ("usually within two working days"), a borrower or a
# question.
_DONE_STATE = _rx(
    # (an approval notice in full, "Your application has been approved. The funds will arrive today.", is
    # a lawful notice: the informal, elliptic states of the file on the lender's side are read)
    r"(?<!been )(?<!was )(?<!were )\b(?:signed off|signed|stamped|rubber[- ]stamped|squared(?: away| off| up)?|sorted"
    r"|through|cleared|done|fixed|ticked off|all set|good to go|in order|locked in)\b"
)
_DAY = (
    r"(?:today|tonight|tomorrow|this (?:morning|afternoon|evening)|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|the weekend|weekend|[0-9]{1,2} ?(?:am|pm)|noon|lunch ?time|first thing)"
)
_MONEY_DAY = _rx(
    r"\b(?:(?:the|your|ur|yuh) )?(?:cash|money|funds?|loan|payout|(?:[$£€₹₦₱₵]|\br|\bksh|\brs\.?) ?[0-9][0-9,.]*k?)"
    r"(?:['’]s| is| are| will be| will| goes| go)? (?:(?:straight |right )?(?:in|into|inna) (?:your|ur|yuh) (?:account|hand|wallet"
    r"|bank|pocket)|lands?|drops?|arrives?|hits?|yours|comes? (?:in|through)|reach(?:es)?(?: you| yuh)?|(?:is )?(?:paid|sent)"
    r" out)(?: (?:in |into |on |to )?(?:your|ur|yuh) (?:account|wallet|bank|hand|phone|m-?pesa))?"
    r"(?: (?:by|on|from|first thing))?(?: [a-z]+)? " + _DAY + r"\b"
    r"|(?:^|[.!?,] )(?:(?:and )?(?:it['’]s )?)yours (?:from|by|on) " + _DAY + r"\b"
)
_DONE_HEDGE = _rx(
    r"\b(?:once|if|when you|after you|usually|typically|normally|generally|subject to|pending|expected|should|may"
    r"|might|assess\w*|checks?|review\w*|working days?|business days?|agreement|contract|unless|provided|sign(?:s|ed)?"
    r" (?:the|your) (?:agreement|contract|form)|still|waiting|we need|you need|please (?:sign|send|upload|confirm)"
    r"|refund\w*|cashback|rebate|compensation|salary|wages|pension|benefits?|repayments?|instal+ments?|direct debit"
    r"|overpayment|goodwill|claim)\b"
)


def done_money(norm: Normalized) -> list[Span]:
    light = norm.light
    found = []
    for m in _MONEY_DAY.finditer(light):
        head = light[max(0, m.start() - 90) : m.start()]
        if _DONE_STATE.search(head):
            found.append(m)
    if not found or _DONE_HEDGE.search(light):
        return []
    r = _reading(norm)
    if r.borrower or r.question:
        return []
    return [_dense(norm, *m.span()) for m in found]


# A NIGHT VISIT BY AN EVENT (session 38): the lender's people coming to the addressee (be round, come
# by, stop by, drop in, knock, be outside / waiting, turn up; "expect a knock") at a time told as an
# EVENT of the night ("once the pubs have shut", "after the late news", "when your night shift ends",
# "after the kids are asleep", "when you clock off at 2"), about a debt or a payment; not a call, a
# borrower's words, a question or a complaint reply.
_VISIT = _rx(
    r"\b(?:be (?:round|over|by|outside|waiting|at your|there|on your doorstep)|come (?:round|by|over|knocking)"
    r"|stop by|drop (?:in|by|round)|pop (?:round|over|by)|call round|knock\w*|turn up|show up|visit\w*|swing by"
    r"|expect (?:us|a knock|a visit|company|someone|our))\b"
)
_NIGHT_EVENT = _rx(
    r"\b(?:after|once|when|as soon as|the minute|soon as|till|until)\b[^.!?]{0,40}?\b(?:tonight|night|asleep"
    r"|(?:in|to) bed|bedtime|midnight|pubs?|nightclub|closing time|last orders|lights out|(?:it'?s|gets|is) dark"
    r"|(?:late|evening|night|ten o'?clock) (?:news|shift|show|film|movie)|night shift"
    # session 39: the last of the day's transport or trade ("once the last bus has gone")
    r"|last (?:bus|train|tube|matatu|taxi|ferry|metro|shift|customer)|street ?lights"
    r"|lights (?:are |go |have gone )?(?:out|off)|(?:telly|tv|television)(?:'s|’s| is| goes)? off)\b"
    r"|\bclocks? off at (?:[1-5]|midnight)\b|\bafter (?:dark|midnight|closing|hours)\b"
)
_VISIT_TOKENS = frozenset(
    [
        "round",
        "over",
        "by",
        "outside",
        "waiting",
        "there",
        "doorstep",
        "come",
        "stop",
        "drop",
        "pop",
        "call",
        "knock",
        "knocking",
        "knocks",
        "turn",
        "show",
        "visit",
        "visiting",
        "visits",
        "swing",
        "expect",
    ]
)
_PAYMENT = _rx(
    r"\b(?:pay\w*|money|cash|owe\w*|arrears|balance|loan|debt|account|overdue|what you owe)\b"
)


def night(norm: Normalized) -> list[Span]:
    light = norm.light
    if _VISIT_TOKENS.isdisjoint(_tokens(light)):
        return []
    ev = _NIGHT_EVENT.search(light)
    if ev is None:
        return []
    r = _reading(norm)
    if r.borrower or r.question:
        return []
    paid = _PAYMENT.search(light) is not None
    out: list[Span] = []
    for c in r.clauses:
        v = _VISIT.search(c.text)
        # about a payment, or the lender's own people coming ("our team will come round ...")
        if v is None or c.neg or not (paid or c.lender):
            continue
        # the visit and the night event in one sentence
        lo, hi = c.start + v.start(), c.start + v.end()
        if abs(ev.start() - lo) > 80:
            continue
        out.append(_dense(norm, min(lo, ev.start()), max(hi, ev.end())))
    return out


# NO CREDIT CHECK BY A NEGATED LOOK (session 38): the lender never opens / reads / pulls / looks at /
# lays eyes on the credit file, report, history or score, any verb of looking or handling, negated or
# dismissed ("we honestly never bother opening it", "our underwriters have never laid eyes on a credit
# report"); not a soft search, an effect on the score, consent, or eligibility.
_LOOK_NEG = _rx(
    rf"\b(?:never|don{_AP}?t|do not|won{_AP}?t|will not|not even|no need to|wouldn{_AP}?t|didn{_AP}?t|haven{_AP}?t"
    rf"|hasn{_AP}?t|can{_AP}?t be bothered to|couldn{_AP}?t care less about)\b(?: [a-z'’]+){{0,4}}? (?:open\w*|look\w*"
    r"|read\w*|pull\w*|touch\w*|laid eyes|lay eyes|glanc\w*|peek\w*|bother\w*|dig\w*|see|seen|flip\w*|turn\w* up"
    r"|ask\w* for|request\w*|go near|went near"
    # session 39: the credit file dismissed as a place not gone to ("ITC? we don't even go there")
    r"|go there|go into it|go down that road|deal with|worry about|care about"
    # session 41: the need to check denied ("never felt the need to check"), the file as none of
    # the lender's business ("not our concern", patois "we nuh business wid", Hinglish "se koi matlab nahi")
    r"|check\w*|felt the need|saw the need|seen the need)\b"
    r"|\b(?:not|none of) (?:our|my) (?:concern|business|problem|worry|department)\b"
    r"|\b(?:nuh|no|not|don{_AP}?t) (?:business|interest|care) (?:wid|with|in|about) (?:yuh|your|ur|di|the)\b"
    r"|\bkoi (?:matlab|lena dena|farak) (?:nahi|nahin|not)\b".replace("{_AP}", "['’]")
)
_RECORD = _rx(
    r"\b(?:credit (?:file|report|history|score|record|rating|checks?)|bureau|cibil|experian|equifax|transunion"
    r"|itc|crb|ctos|ccris|blacklist\w*"
    r"|what{_AP}?s on your (?:file|record))\b".replace("{_AP}", "['’]")
)
_NOT_NOCHECK = _rx(
    r"\b(?:soft (?:search|check)|eligib\w*|footprint|affect\w*|harm\w*|impact\w*|consent|permission|without"
    r" asking|until you|before you|quote)\b"
)
_LOOK_SET = frozenset(
    [
        "check",
        "felt",
        "concern",
        "business",
        "matlab",
        "deal",
        "worry",
        "care",
        "open",
        "opens",
        "opened",
        "opening",
        "look",
        "looks",
        "looked",
        "looking",
        "read",
        "reads",
        "reading",
        "pull",
        "pulls",
        "pulled",
        "pulling",
        "touch",
        "touches",
        "touched",
        "touching",
        "laid",
        "lay",
        "glance",
        "glanced",
        "glancing",
        "peek",
        "peeked",
        "bother",
        "bothered",
        "bothering",
        "dig",
        "digging",
        "see",
        "seen",
        "flip",
        "flipping",
        "turn",
        "turned",
        "turning",
        "ask",
        "asked",
        "asking",
        "request",
        "requested",
        "go",
        "went",
    ]
)


def nocheck(norm: Normalized) -> list[Span]:
    light = norm.light
    if _LOOK_SET.isdisjoint(_tokens(light)) or _RECORD.search(light) is None:
        return []
    found = list(_LOOK_NEG.finditer(light))
    if not found:
        return []
    r = _reading(norm)
    if r.borrower or r.question or _NOT_NOCHECK.search(light):
        return []
    return [_dense(norm, *m.span()) for m in found]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _pairs(firsts: str, seconds: str) -> tuple[str, ...]:
    return tuple(a + b for a in firsts.split() for b in seconds.split())


_ADVERSE_ADJ = (
    "ugly nasty messy rough bad worse wrong dark serious personal different difficult hard complicated"
    " interesting bigger very really quite alot much"
)
_APPROVE_V = "push wave sign stamp put get have sort lookafter handle pass clear approve tick fast rubber okay ok see make"
_CHILD_TOKENS = (
    "son daughter boy girl kid child twins youngest eldest oldest littleone baby toddler lad lass weeone bairn"
    " pikin pickney laitie teen grandkid grandson granddaughter"
)

# session 44 (precision): A PERSON WHO CAME TO US: the borrower's kin or contact as the SUBJECT of a call,
# a visit or a payment made to the lender ("Your brother rang this morning to pay your instalment", "your
# daughter phoned on your behalf about the direct debit date", "Your sister rang asking how much you owe. We
# couldn't tell her"): the lender reached no one. Read as the third-party rules' ``unless``: the span is the
# person's whole sentence. Not where the lender goes on to tell them of the debt ("Your brother rang to pay,
# so we told him about your arrears", "we explained to her that you're three months behind").
_CALLER_WHO = (
    r"mum|mom|mother|mam|mama|dad|father|papa|wife|husband|missus|partner|spouse|fianc[eé]e?|girlfriend"
    r"|boyfriend|brother|sister|cousin|uncle|aunt|auntie|aunty|nan|nana|gran|granny|grandma|grandpa|grandad"
    r"|grandmother|grandfather|nephew|niece|son|daughter|parents?|relative|friend|mate|colleague|boss"
    r"|manager|employer|landlord|landlady|flatmate|roommate|housemate|neighbou?r|brother-in-law"
    r"|sister-in-law|mother-in-law|father-in-law|son-in-law|daughter-in-law"
)
_CALLER_ACT = (
    "rang rung called phoned emailed texted messaged wrote came visited popped dropped stopped walked paid"
    " sent transferred settled cleared contacted"
    # session 47 (precision): money brought in person ("Your brother brought in the cash for your arrears")
    " brought handed deposited"
)
_CALLER = _rx(
    rf"\b(?:your|ur)(?: own| older| younger| elder| big| little)? (?:{_CALLER_WHO})(?: [a-z]+)?"
    rf"(?: has| had| just| also| kindly| already)* (?:{'|'.join(_CALLER_ACT.split())})\b"
)
_TOLD_THEM = _rx(
    rf"\b(?:we|i)(?:{_AP}ve| have| had| also| then| just| already)* (?:told|explained|informed|let|mentioned"
    r"|discussed|shared|updated|warned|reminded|asked|gave|said|confirmed)\b[^.!?]{0,80}?\b(?:arrears|owes?"
    r"|owed|owing|behind|missed|overdue|debts?|outstanding|late|default\w*|unpaid|balance|you (?:to )?pay)\b"
)
_SENT_BREAK = _rx(r"[.!?;\n]")


def _sentences(light: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``light`` (split at ``_SENT_BREAK``), its leading spaces
    skipped; a sentence may be empty (start == end)."""
    low = 0
    for b in (*(m.start() for m in _SENT_BREAK.finditer(light)), len(light)):
        while low < b and light[low].isspace():
            low += 1
        yield low, b
        low = b + 1


def _whole_message(
    norm: Normalized, *needs: LazyPattern, vetoes: tuple[LazyPattern, ...] = ()
) -> list[Span]:
    """Every sentence of the message (``_sentence_spans``) when the light view holds a match of
    every pattern of ``needs`` and of none of ``vetoes``: the readers whose excuse covers the
    whole message (a payout status, a bereavement reply, a notice to a liable party)."""
    light = norm.light
    if any(p.search(light) is None for p in needs) or any(
        v.search(light) is not None for v in vetoes
    ):
        return []
    return _sentence_spans(norm)


def _sentence_spans(
    norm: Normalized, *holding: LazyPattern, without: LazyPattern | None = None
) -> list[Span]:
    """The dense span of each non-empty sentence of the light view that holds a match of every
    pattern of ``holding`` and none of ``without``."""
    light = norm.light
    return [
        _dense(norm, low, b)
        for low, b in _sentences(light)
        if b > low
        and all(p.search(light, low, b) is not None for p in holding)
        and (without is None or without.search(light, low, b) is None)
    ]


def caller(norm: Normalized) -> list[Span]:
    light = norm.light
    found = list(_CALLER.finditer(light))
    if not found or _TOLD_THEM.search(light) is not None:
        return []
    out: list[Span] = []
    for m in found:
        low = 0
        for b in _SENT_BREAK.finditer(light, 0, m.start()):
            low = b.end()
        while low < m.start() and light[low].isspace():
            low += 1
        stop = _SENT_BREAK.search(light, m.end())
        out.append(_dense(norm, low, stop.start() if stop else len(light)))
    return out


# session 45 (precision): THE POLICE IN THE ADDRESSEE'S OWN MATTER. A police, arrest or crime word is a
# threat when it is aimed at the addressee for the debt; in service text it stands in the addressee's own
# matter: a stolen or lost ID and its police report ("file a police report and send us the crime reference
# number"), a job's vetting ("the background check looks at criminal records"), the police acting on
# somebody else ("the arrest of that loan-shark gang was on the news"), or the addressee's recourse against
# somebody else ("if they ever contacted you, call the police"). Read as the threat rule's ``unless``, per
# sentence: the span is the frame's own words. Never where the message presses the addressee ("Pay today or
# the same happens to you", "if you don't pay", "arrest you").
_POLICE_WORDS = _rx(
    r"\b(?:police|polic\w+|officers?|arrest\w*|criminal\w*|crimes?|convictions?|jail|prison)\b"
)
_POLICE_OWN = _rx(
    r"\b(?:(?:was|were|been|is|are|got) (?:lost|stolen|misused)|(?:lost|stolen) (?:id|passport|card|wallet|phone"
    r"|purse|licen[cs]e|documents?)|identity (?:theft|fraud)|in your name|(?:file|make|made|filed) a police report"
    r"|crime (?:reference|report) (?:number|no)|background checks?|vetting|(?:security|police) clearance"
    r"|checks? for convictions|(?:criminal|police) records? checks?|dbs check)\b"
    # the police acting on somebody else
    r"|\b(?:gang|ring|loan[- ]?sharks?|scammers?|fraudsters?|syndicate|men|members|people|operators)\b"
    r"(?: [a-z'’-]+){0,6}? (?:was|were|been|got) (?:arrested|charged|jailed|caught|convicted)\b"
    r"|\b(?:arrested|charged|jailed|caught|convicted) (?:members|men|people|operators|a gang|the gang|a ring"
    r"|loan[- ]?sharks?|scammers?|fraudsters?|(?:[a-z'’-]+ ){0,3}?(?:gang|ring|syndicate))\b"
    r"|\barrest(?:s)? of (?:[a-z'’-]+ ){0,4}?(?:gang|ring|loan[- ]?sharks?|scammers?|fraudsters?|syndicate|men"
    r"|members|operators)\b"
    # the addressee's recourse against somebody else
    r"|\bif (?:they|someone|somebody|anyone|anybody|a caller|the caller|a stranger)(?: [a-z'’-]+){0,3}?"
    r" (?:contacted|contacts|threatened|threatens|harassed|harasses|approached|approaches|called|calls|rang) you\b"
)
_POLICE_PRESS = _rx(
    r"\b(?:if you (?:don|do not|can|fail|keep|won|refuse|still)\w*|unless you|or else|or the same|same (?:thing )?"
    r"(?:will )?happens? to you|happen to you|arrest you|arrested if|come for you|you(?:'ll| will) be (?:arrested"
    r"|next|charged|jailed)|pay (?:today|now|up|by|tonight|before)|your turn|next one)\b"
)


def police_own(norm: Normalized) -> list[Span]:
    light = norm.light
    if _POLICE_PRESS.search(light) is not None:
        return []
    out: list[Span] = []
    low = 0
    for stop in (*(m.start() for m in _SENT_BREAK.finditer(light)), len(light)):
        if stop > low and _POLICE_WORDS.search(light, low, stop) is not None:
            out.extend(_dense(norm, *m.span()) for m in _POLICE_OWN.finditer(light, low, stop))
        low = stop + 1
    return out


# session 45 (precision): A CONTACT REACHED ONLY TO REACH THE BORROWER, OR WITH THE BORROWER'S CONSENT, OR AN
# IMPERSONATOR REPORTED. The third-party rules' ``unless``, per sentence (the span is the whole sentence):
# - the contact's role restricted to relaying a call-back ("We only use your emergency contact if we can't
#   reach you at all, and we'd only ask them to tell you to call us", "would only be asked to pass on a
#   message to ring us");
# - the borrower's authority named ("your brother may call on your behalf, as you authorised on 3 March");
# - the borrower reporting someone who claimed to be the lender ("Someone called me claiming to be from your
#   company asking for my OTP").
# Not where the lender tells them of the debt (_TOLD_THEM) or presses the borrower ("until you pay").
_ONLY = _rx(r"\b(?:only|just|solely|merely|purely)\b")
_RELAY = _rx(
    r"\b(?:tell|ask|let|get|remind|have) you (?:to )?(?:call|ring|phone|contact|get in touch|reach|get back)"
    r"|\bpass on (?:a|our|the) (?:message|number|details)|\b(?:ring|call|phone|contact) us(?: back)?\b"
    r"|\b(?:if|when) we (?:can(?:not|['’]?t)|could(?:n['’]?t| not)) (?:reach|contact|get hold of|find|locate) you"
)
_CONSENT = _rx(
    r"\b(?:as|since|because) you (?:have |had )?(?:authori[sz]ed|requested|asked|agreed|consented|instructed)"
    # session 48 (precision): "As per your request", "Per your instruction", "You gave us permission to text your
    # husband", Hinglish "aapke kehne par"
    r"|\b(?:as per|per|at|on|upon|following) your (?:own )?(?:request|instructions?|wish(?:es)?)\b"
    r"|\byou (?:gave us|have given us|['’]ve given us|granted us) (?:your )?(?:permission|consent|authori[sz]ation|the go-ahead)\b"
    r"|\baapke kehne par\b|\baapki (?:request|marzi|ijazat) (?:par|se)\b"
    r"|\bwith your (?:written |signed |verbal )?(?:consent|permission|authori[sz]ation|authority)\b"
    r"|\b(?:under|on|per) the (?:third[- ]party )?(?:authority|consent|mandate) you (?:signed|gave)"
    # session 49 (precision): the addressee's own setting or choice ("Per the preference you set in the app", "You switched
    # on 'copy reminders to family'", "Thanks for adding your son as a backup reminder contact", "You've chosen to have
    # reminders copied to your father", "We've recorded your consent", "On your instruction")
    r"|\b(?:the |a )?(?:preference|setting|option|choice) you (?:set|chose|picked|selected|turned on|switched on|ticked)\b"
    rf"|\byou(?:{_AP}ve| have)? (?:switched on|turned on|enabled|opted in|opted to|ticked|chose to|chosen to|nominated"
    r"|elected to)\b"
    r"|\b(?:thanks|thank you) for (?:adding|nominating|naming|choosing|setting up|listing)\b"
    r"|\b(?:recorded|noted|logged|saved|have|received) your (?:consent|permission|authori[sz]ation|instruction)\b"
    r"|\bon your (?:own )?(?:instruction|say-so|authority)\b"
    rf"|\byou(?:{_AP}ve| have)? (?:asked|told|instructed) us to (?:send|copy|add|include|cc|also|remind|text|message)\b"
)
_IMPERSONATED = _rx(
    r"\b(?:claiming|claimed|pretending|pretended|saying|said) (?:to be|(?:he|she|they) (?:was|were|is|are))"
    r" (?:from|with|calling from|one of) (?:your|you guys|ur)\b"
)
_REACH_PRESS = _rx(
    r"\b(?:until you pay|unless you pay|if you (?:don|do not|keep|fail|won)\w*|every day|each day)\b"
    # session 49: the contact told of the debt itself ("your brother will now hear about every rupee you owe")
    r"|\b(?:hear|find out|know|learn) (?:all )?about (?:every|your debts?|the debt|what you owe|how much you owe)\b"
    r"|\bevery (?:rupee|penny|cent|naira|peso|dollar|pound|shilling|kobo)\b"
)


def reach_only(norm: Normalized) -> list[Span]:
    light = norm.light
    if _TOLD_THEM.search(light) is not None or _REACH_PRESS.search(light) is not None:
        return []
    out: list[Span] = []
    before: tuple[int, int] | None = None  # the sentence before, when it only names the contact
    for low, b in _sentences(light):
        if b > low and (
            (_ONLY.search(light, low, b) is not None and _RELAY.search(light, low, b) is not None)
            or _CONSENT.search(light, low, b) is not None
            or _IMPERSONATED.search(light, low, b) is not None
        ):
            if before is not None:
                # "We've recorded that your emergency contact is your sister. We'd only call her if we
                # couldn't reach you at all": the contact named, then its use restricted
                out.append(_dense(norm, *before))
            out.append(_dense(norm, low, b))
        named = b > low and _CONTACT_NAMED.search(light, low, b) is not None
        before = (
            (low, b) if named and not _DEBT_TOKENS.intersection(_tokens(light[low:b])) else None
        )
    return out


_CONTACT_NAMED = _rx(
    r"\b(?:emergency|nominated|alternative|secondary|reference) contacts?\b|\bnext of kin\b"
)


# session 45 (precision): CERTAINTY DENIED. A sentence that denies the outcome is certain ("No application is a
# sure thing", "Even with a good credit score, approval isn't guaranteed", "it doesn't guarantee you'll be
# approved", "A strong credit history doesn't mean a yes is certain", "Nothing is certain with a loan") holds
# the guarantee's words as what it denies. The guarantee / no-check rules' ``unless``; the span is the whole
# sentence. Not where the sentence turns to "but with us / we always approve".
_CERTAIN_WORD = (
    r"(?:a sure thing|a done deal|a given|a formality|a certainty|certain|sure|guaranteed|automatic|a yes"
    r"|approved|accepted|a slam dunk|in the bag)"
)
_DENIED_CERTAIN = _rx(
    r"\b(?:no|not (?:every|any|one|a single)|none of (?:the|our)) (?:[a-z'’-]+ ){0,2}?(?:applications?|loans?|lenders?"
    r"|decisions?|applicants?|approvals?|files?|cases?|one|requests?)\b (?:is|are|can be|will be|gets?|can)"
    r"(?: ever| ever be| be| truly| really)? " + _CERTAIN_WORD + r"\b"
    r"|\bnothing (?:is|'s|’s) (?:ever |truly |really )?(?:certain|guaranteed|a sure thing|a done deal|a given)\b"
    # session 48 (precision): the promise itself denied to everyone ("No applicant is ever promised a yes in advance",
    # "No borrower is ever told in advance that they'll be approved", "Nobody is assured of approval")
    r"|\b(?:no|none of (?:the|our|them)|nobody|no-?one|no one|not (?:a single|one|every|any))(?: [a-z'’-]+){0,2}?"
    r" (?:is|are|gets?|will be|can be|has been|was|were)(?: ever| ever been| being)?"
    r" (?:promised|told|assured|guaranteed|given|offered)\b"
    rf"|\b(?:doesn{_AP}?t|does not|don{_AP}?t|do not|won{_AP}?t|will not|can{_AP}?t|cannot|isn{_AP}?t|is not|aren{_AP}?t"
    r"|are not) (?:mean|guarantee|promise|make it|ensure|assure)\b[^.!?;]{0,40}?\b"
    + _CERTAIN_WORD
    + r"\b"
    # session 49 (precision): the loan itself not promised ("it doesn't guarantee you'll get the loan", "doesn't mean you'll
    # get the money"); nobody able to promise ("No lender can honestly promise approval before checking your file")
    rf"|\b(?:doesn{_AP}?t|does not|won{_AP}?t|will not|isn{_AP}?t|is not) (?:mean|guarantee|promise|ensure|assure)"
    rf"(?: that)? you{_AP}?(?:ll| will) (?:get|receive) (?:the|a|your|any) (?:loan|money|funds|cash|credit)\b"
    r"|\b(?:no|nobody|no-?one|no one|not one|none of (?:us|them))(?: [a-z'’-]+){0,2}? (?:can|could|will|may|is able to)"
    r"(?: ever| honestly| truly| really)? (?:promise|guarantee|assure)\b"
    rf"|\b(?:approval|acceptance|a yes|the outcome|the decision|the result)(?: [a-z]+){{0,2}}? (?:isn{_AP}?t|is not|is never"
    rf"|won{_AP}?t be|will not be|can{_AP}?t be|cannot be) (?:ever |always )?(?:guaranteed|automatic|certain|a given"
    r"|a formality|a sure thing|a done deal)\b"
    # Hinglish: the guarantee or promise not given ("guarantee koi nahi de sakta", "promise nahi kar sakta",
    # "guarantee kisi ke paas nahi hai")
    # (register.py reads nahi as "not")
    r"|\b(?:guarantee|promise)\b[a-z ]{0,24}?\b(?:nahi?n?|not) (?:de|kar|dete|karte|deta|karta|deti|karti)\b"
    r"|\bguarantee\b[a-z ]{0,20}?\bke paas (?:nahi?n?|not)\b"
)
_BUT_WE_DO = _rx(
    r"\b(?:but|except|however|unless)\b[^.!?;]{0,40}?\b(?:we|with us|our|here)\b[^.!?;]{0,30}?"
    r"\b(?:approve|guarantee|sure|certain|always|every|100)"
    # session 49: the speaker's own promise beside the denial ("No one can promise approval like we can: you'll get it")
    r"|\blike (?:we|us|i) (?:can|do|will)\b|\bwe can(?![’'a-z])(?! ?not)|\bfor sure\b|\bdefinitely\b"
)


def certainty_denied(norm: Normalized) -> list[Span]:
    return _sentence_spans(norm, _DENIED_CERTAIN, without=_BUT_WE_DO)


# session 45 (precision): A PAYOUT ALREADY MADE, told in any register ("Your loan don enter, abeg check your Opay
# wallet, the N80,000 landed around 2pm", "your salary advance done land for your account since 10am, kindly
# confirm"): money that has arrived, with a past time or a request to check the account, and nothing that
# induces or is left to claim. The guarantee rule's ``unless``; the span is the whole sentence.
_ARRIVED = _rx(
    r"\b(?:landed|entered|enter|land|reflected|reflects|credited|arrived|dropped|drop|came in|went in|paid out"
    r"|disbursed|gone in|hit your"
    # session 47: the money released to the addressee's named account ("proceeds ... have been released to your
    # Landbank account")
    r"|released (?:in)?to (?:your|ur)"
    # session 46: the money told as already there ("the money's in your account already", "already showing in your account")
    r"|already (?:showing|sitting|in (?:your|ur))|showing in (?:your|ur)|(?:is|'s|’s) in (?:your|ur)(?: [a-z]+)? (?:account|wallet)"
    r" already)\b"
)
_ARRIVED_WHEN = _rx(
    r"\b(?:this morning|this afternoon|earlier today|yesterday|last night|since (?:[0-9]{1,2}(?:[:.][0-9]{2})?"
    r" ?(?:am|pm)?|morning|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|around [0-9]{1,2}"
    r"|at [0-9]{1,2}(?:[:.][0-9]{2})? ?(?:am|pm))\b"
    r"|\b(?:check|confirm|see) (?:your |ur )?(?:[a-z]+ )?(?:account|wallet|balance|app|statement|bank)\b|\bkindly confirm\b"
    r"|\b(?:have|take) a look\b|\b(?:pls|please|plz|kindly) check\b"
    # session 46: the perfect passive into the addressee's account ("has been disbursed to your M-Pesa")
    r"|\b(?:has|have) been (?:disbursed|credited|paid|sent|transferred|released) (?:in)?to (?:your|ur)\b"
    # session 47: pidgin's "check am" (check it)
    r"|\bcheck am\b"
    # session 49 (precision): the first repayment's date told ("Your loan don enter your account. Remember say first
    # repayment na 30th", "first instalment na 2nd of February")
    r"|\bfirst (?:re)?payment\b|\bfirst (?:instal+ment|emi|due date)\b"
)
_ARRIVED_LURE = _rx(
    r"\b(?:reply|tap|click|link|collect(?! (?:the|your|ur) (?:car|vehicle|motor|bike|handset|phone|keys|papers))|claim"
    r"|withdraw|accept|activate|redeem|send (?:your|ur|us)|bvn|no need|without|bina)\b"
)


def paid_out(norm: Normalized) -> list[Span]:
    return _whole_message(norm, _ARRIVED, _ARRIVED_WHEN, vetoes=(_INDUCES, _ARRIVED_LURE))


# session 45 (precision): AN APPROVAL STATUS of the addressee's own loan with its payout time or its condition
# ("Hi Priya, your personal loan is approved. You'll see Rs 1,50,000 in your account within 4 working hours",
# "Your business loan has been approved subject to a site visit", "Aapka loan approve ho gaya hai ... kal tak
# aa jayenge"), nothing inducing and nothing left to claim. The guarantee rule's ``unless``; the span is the
# status's sentence.
_STATUS = _rx(
    r"\b(?:your|ur|aapka|aapki|apka|apki)(?: [a-z'’-]+){0,3}? (?:loan|application|request|mortgage|advance|top-up"
    r"|overdraft|limit|facility|finance|financing)\b(?: [a-z'’-]+){0,2}? (?:is |has been |have been |was |got |been )?"
    r"(?:approved|sanctioned|approve ho (?:gaya|gayi|chuka|chuki)|sanction ho (?:gaya|gayi|chuka|chuki)"
    # session 49 (precision): Hinglish "manzoor ho gaya"
    r"|manzoor ho (?:gaya|gayi|chuka|chuki)"
    # session 46: "your auto loan went through", Hinglish "disburse ho gaya"
    r"|went through|gone through|disburse ho (?:gaya|gayi|chuka|chuki))\b"
    # (not pidgin "don approve / don pass": "Na sure banker, your loan don pass, money go land tomorrow" is a lure)
)
_STATUS_WHEN = _rx(
    r"\b(?:subject to|pending|once you sign|after (?:the |a )?(?:valuation|site visit|verification|signing))\b"
    # the next step at the dealer ("pick up the car at the showroom"); not "come sign": a pidgin lure says it too
    r"|\b(?:pick up|collect) the (?:car|vehicle|motor|bike|handset|phone|keys)\b"
    # session 46: the next step at the dealer's ("come by the dealership tomorrow to sign and drive it home")
    r"|\b(?:dealership|showroom|dealer['’]?s)\b[^.!?]{0,40}?\b(?:sign|pick up|collect|drive)\b"
    r"|\b(?:kal tak|kal subah|kal shaam|aaj shaam|aaj raat|parso|[0-9]+ ghante)\b"
    # session 46: a clock time in Hinglish ("2 baje tak", "kal 11 baje tak")
    r"|\b[0-9]{1,2} baje\b"
    # session 49 (precision): a weekday in Hinglish ("Monday ko", "Friday tak")
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|somvar|mangalvar|budhvar|guruvar|shukravar"
    r"|shanivar|ravivar) (?:ko|tak)\b"
    r"|\bwithin (?:[0-9]+|an?|one|two|three|four|five|six) (?:working |business )?(?:hours?|days?)\b"
)


def status_payout(norm: Normalized) -> list[Span]:
    light = norm.light
    if (
        _STATUS.search(light) is None
        or (_PAYOUT_WHEN.search(light) is None and _STATUS_WHEN.search(light) is None)
        or _INDUCES.search(light) is not None
        or _ARRIVED_LURE.search(light) is not None
    ):
        return []
    return _sentence_spans(norm, _STATUS)


# session 46 (precision): A TAGLISH APPROVAL STATUS with its payout time ("Na-approve na po ang loan ninyo. Ipapadala namin ang
# P25,000 sa inyong GCash bukas ng umaga"): the addressee's own loan approved, the money's day told, nothing inducing
# or left to claim. The guarantee rule's ``unless``; the span is the status's sentence.
_TL_STATUS = _rx(
    r"\b(?:na-?approve|approved|na-?release) na(?: po)?(?: ang)?(?: [a-z]+)? (?:loan|application|utang|top-?up)\b"
)
# session 49 (precision): RELIEF approved in Taglish ("Approved na po ang restructuring request ninyo, ₱1,800 na lang monthly",
# "Na-approve na po ang extension ng due date ninyo hanggang March 15"): a new schedule, an extension or a
# restructuring of the addressee's own loan, no money offered; no payout time needed. Not with a lure word.
_TL_RELIEF = _rx(
    r"\b(?:na-?approve|approved|aprubado) na(?: po)?(?: ang| yung| ang inyong| ang iyong)?(?: [a-z]+)?"
    r" (?:restructur\w*|extension|schedule|reschedul\w*|payment plan|due date|penalty waiver|hardship)\b"
)
_TL_WHEN = _rx(
    r"\b(?:bukas|mamaya|mamayang|ngayong (?:araw|hapon|gabi)|kanina|kaninang|sa loob ng|within the day)\b"
    # session 49 (precision): the payout's weekday ("sa Biyernes po ide-deposit")
    r"|\bsa (?:lunes|martes|miyerkules|huwebes|biyernes|sabado|linggo)\b"
)


def status_taglish(norm: Normalized) -> list[Span]:
    light = norm.light
    if _TL_RELIEF.search(light) is not None and not (
        _INDUCES.search(light) or _ARRIVED_LURE.search(light) or _TL_RELIEF_LURE.search(light)
    ):
        return _sentence_spans(norm, _TL_RELIEF)
    if (
        _TL_STATUS.search(light) is None
        or _TL_WHEN.search(light) is None
        or _INDUCES.search(light) is not None
        or _ARRIVED_LURE.search(light) is not None
        or _TL_LURE.search(light) is not None
    ):
        return []
    return _sentence_spans(norm, _TL_STATUS)


_TL_LURE = _rx(r"\b(?:walang|kahit|i-?click|sigurado|garantisado|siguradong)\b")
# (relief's own "walang dagdag na penalty", no added penalty, is not a lure's "walang credit check")
_TL_RELIEF_LURE = _rx(
    r"\b(?:kahit|i-?click|sigurado|garantisado|siguradong|apply)\b|\bwalang (?!dagdag)"
)


# session 46 (precision): THE CUSTOMER'S OWN CALL TIME ("Please call me after 10pm", "Can your team call me at 6am?",
# "Ring me after 10:30 tonight"): the call is made to the writer, so the writer is the customer. Not where the
# lender calls the addressee or presses ("we'll ring you", "or we", "unless you pay"). The quiet-hours rule's
# ``unless``; the span is the "me" the call is made to (the hit holds the verb).
_CALL_ME = _rx(
    r"\b(?:call|ring|phone|text|buzz|contact|reach|dial)(?: or (?:call|ring|text|phone))? (?P<me>me)\b"
)
_WE_CALL_YOU = _rx(
    rf"\bwe(?:{_AP}ll| will| are going to|{_AP}re going to| shall)?\b[^.!?]{{0,30}}?\b(?:call|ring|phone|text|visit|come)"
    r"\w* (?:you|ur|your)\b|\bor (?:else|we)\b|\bunless you\b|\bif you don'?t\b|\bpay (?:up|now|today)\b"
)


def call_me(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _CALL_ME, vetoes=(_WE_CALL_YOU,), group="me")


# session 46 (precision): STUDENTS DECLINED ("Sorry, we're unable to lend to full-time students", "Our personal loans
# aren't available to students", "we can't approve a loan for you while you're still in school"): a refusal in the
# student's sentence and no lure in that sentence (welcome, no co-signer, parents, student ID as proof, "only need").
# The student rule's ``unless``; the span is the refusal's words.
_STUDENT_NO = _rx(
    rf"\b(?:can{_AP}?t|cannot|can not|unable to|not able to|aren{_AP}?t|are not|isn{_AP}?t|is not|not eligible|ineligible"
    rf"|not available|won{_AP}?t|will not|don{_AP}?t|do not|no longer|only for|only available|mat kijiye|mat karo|nahi)\b"
)
_STUDENT_WORD = _rx(
    r"\b(?:students?|student ho|in school|at school|at uni|in college|studying|full-time education|in education"
    r"|still studying|undergraduates?)\b"
)
_PARENT_INSTEAD = _rx(
    r"\b(?:but |instead,? )?(?:a|your|the) (?:parent|guardian)(?: or (?:a )?guardian)? (?:can|may|could|is welcome to)"
    r" (?:apply|borrow|be the borrower|take (?:it|the loan|one) out)(?: in (?:their|his|her) own name)?\b"
)
_STUDENT_LURE = _rx(
    r"\b(?:welcome|co-?signer|guarantor|parents?|mum|mom|dad|student (?:id|card)|only need|just need|up to|instant"
    r"|today|minutes|approved|no need|secret|never (?:know|find)|special)\b"
)


def student_declined(norm: Normalized) -> list[Span]:
    light = norm.light
    # session 49 (precision): the parent named as the one who may borrow instead ("Students can't take out this loan, but
    # a parent can apply in their own name") is the refusal's alternative, not a lure's "parents"
    lure_view = _PARENT_INSTEAD.sub(lambda m: " " * len(m.group()), light)
    out: list[Span] = []
    for low, b in _sentences(light):
        if (
            b > low
            and _STUDENT_WORD.search(light, low, b) is not None
            and _STUDENT_LURE.search(lure_view, low, b) is None
        ):
            m = _STUDENT_NO.search(light, low, b)
            if m is not None:
                out.append(_dense(norm, *m.span()))
    return out


# session 46 (precision): ADVICE AGAINST BORROWING TO REPAY ("I wouldn't take a cash advance on your credit card to pay
# this off", "If you borrow somewhere else to pay us you end up owing two lenders; tell me what you can afford"):
# the speaker advises against the new borrowing or tells its cost, and nothing presses ("today", "by 5pm", "if you
# have to", "just get us"). The borrow-to-repay rule's ``unless``; the span is the advice's words.
_ADVISE_NOT = _rx(
    rf"\b(?:i wouldn{_AP}?t|i would not|i{_AP}d avoid|i would avoid|i{_AP}d steer clear|steer clear|i{_AP}d not|please don{_AP}?t"
    rf"|please do not|try not to|avoid|don{_AP}?t (?:take|use|borrow|get)|do not (?:take|use|borrow|get)"
    r"|(?:end up|just|you{_AP}ll|you will|would) (?:owing|owe) two|two lenders|more expensive|most expensive"
    r"|(?:makes?|make|would make) (?:things|it|this) (?:worse|harder)|worse off"
    # session 49 (precision): the cost told ("would cost far more", "would only add to your debt", "would put your car
    # at risk", "could cost you the car", "would only dig the hole deeper", "will make things worse")
    r"|(?:would|will|could|can|may) (?:only |just |probably |likely )?(?:cost (?:you )?(?:far |much |a lot |even )?more"
    r"|cost you (?:the|your)|add to (?:your|the) (?:debt|burden|problem)|add interest|dig (?:the|your|a) (?:hole|pit)"
    r"|put (?:your|the) (?:car|home|house|bike|land|phone|gold|jewel\w*) at risk|make (?:things|it|this|matters) (?:worse|harder))"
    r")\b".replace("{_AP}", _AP)
)
_ADVISE_PRESS = _rx(
    r"\b(?:today|tonight|by [0-9]|before [0-9]|if you have to|just get|get us|or else|or we|asap|right now|immediately)\b"
)


def borrow_advice(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _ADVISE_NOT, vetoes=(_ADVISE_PRESS,))


# session 46 (precision): A BET ON SOMETHING NOT A LOAN ("I'd bet my house you'll like the new app design", "I'd bet my car
# you'll prefer the dark mode"): the idiom of certainty aimed at the addressee liking a feature, and no loan, approval
# or money word in its sentence. The guarantee rule's ``unless``; the span is the liking verb.
_BET_LIKE = _rx(
    r"\byou(?:{_AP}ll| will|{_AP}d| would)(?: really| definitely)? (?P<v>like|love|enjoy|prefer|find)\b".replace(
        "{_AP}", _AP
    )
)
_BET_LOAN = _rx(
    r"\b(?:loans?|approv\w*|credit|money|cash|funds?|limit|application|qualif\w*|borrow\w*|accept\w*|rate|interest)\b"
)


def bet_other(norm: Normalized) -> list[Span]:
    light = norm.light
    out: list[Span] = []
    for low, b in _sentences(light):
        m = _BET_LIKE.search(light, low, b)
        if m is not None and _BET_LOAN.search(light, low, b) is None:
            out.append(_dense(norm, *m.span("v")))
    return out


# session 46 (precision): EMPLOYMENT VERIFIED BY ONE CALL ("We'll ring your workplace once to confirm you work there",
# "one call to the HR number you gave us to confirm your employment"): the purpose is checking the job, and nothing of
# a debt is in the message. The third-party rules' ``unless``; the span is the purpose.
_JOB_CHECK = _rx(
    r"\b(?:confirm|verify|check|validate)(?:ing)? (?:that )?(?P<p>your employment|your job|your salary|your income"
    r"|your employment status|you(?:{_AP}re| are) (?:employed|working there|still employed|on the payroll)"
    r"|you (?:work|still work) (?:there|for them|at)|that you work|your position|you(?:{_AP}re| are) an employee)".replace(
        "{_AP}", _AP
    )
)
_JOB_DEBT = _rx(
    r"\b(?:owe\w*|overdue|arrears|debt|late|behind|unpaid|default\w*|missed|pay (?:up|now|us)|collect\w*)\b"
)


def job_check(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _JOB_CHECK, vetoes=(_JOB_DEBT,), group="p")


# session 46 (precision): A PRE-CHECK TOLD AS SUCH ("No credit check is run when you check your rate; if you accept an
# offer we'll run a hard inquiry", "Checking your rate is a soft search; a full credit check happens only if you
# apply", "No credit search was recorded on your file"): the check said absent AT A STAGE (checking the rate, an
# eligibility or pre-qualification check, a soft search) with the real check named for a later step, or a record
# told as it stands; nothing promised. The no-credit-check rule's ``unless``; the span is the stage's or the
# record's words.
_PRE_STAGE = _rx(
    r"\b(?:check(?:ing)? (?:your|ur|the) (?:rate|eligibility|limit|offer)|eligibility (?:check\w*|tool|calculator)"
    r"|pre-?qualif\w*|pre-?approval (?:check|tool|stage)|quote tool|soft (?:search|check|inquiry|enquiry|pull)"
    r"|see (?:your|ur) (?:personalised|personalized) rate)\b"
)
_PRE_LATER = _rx(
    r"\b(?:hard (?:search|check|inquiry|enquiry|pull)|full (?:credit )?(?:check|search)|(?:when|once|if|only if|after)"
    r" you (?:apply|accept|sign|submit|go ahead|proceed)|when you sign|at the application stage)\b"
)
_PRE_RECORD = _rx(
    r"\bno (?:hard )?(?:credit )?(?:search|check|inquiry|enquiry|pull)(?:es|s)? (?:was|were|has been|have been|is|are)"
    r" (?:recorded|shown|showing|listed|logged|visible|made|registered)\b"
)
_PRE_PROMISE = _rx(
    r"\b(?:guarantee\w*|instant\w*|today|minutes|tonight|everyone|anyone|bad credit|poor credit|no matter"
    r"|cash|money|approved|yours)\b"
)


def precheck(norm: Normalized) -> list[Span]:
    if _PRE_PROMISE.search(norm.light) is not None:
        return []
    return gated_spans(norm, _PRE_RECORD) + gated_spans(norm, _PRE_STAGE, gates=(_PRE_LATER,))


# session 46 (precision): A KIN'S PAYMENT APPLIED ("Your father made a payment of £200 on your account today. We've applied
# it to your arrears", "Your son made a £75 payment on your behalf today, and we've put it against your arrears"): a
# person of the addressee's made a payment and the lender booked it; nothing told to them of the debt (told, let
# them know, knows, aware, explained) and nothing pressed. The third-party rule's ``unless``; the span is the booking.
_KIN_PAID = _rx(
    r"\b(?:made|sent|paid|transferred|put in|settled)\b(?: (?:a|an|the|your|this|last|next))?(?: [a-z0-9$£€₹₦₱,.]+){0,3}?"
    r" ?(?:payments?|instalments?|installments?|emi|[$£€₹₦₱][0-9][0-9,.]*k?)"
)
_BOOKED = _rx(
    r"\b(?:(?:we{_AP}ve|we have|we{_AP}ll|it{_AP}s|it has|has been|was|been) (?:applied|put|allocated|credited|posted|booked)"
    r"|(?:account|balance|loan) is (?:now )?(?:up to date|current|settled|clear))\b".replace(
        "{_AP}", _AP
    )
)
_KIN_TOLD = _rx(
    r"\b(?:told|tell|let (?:him|her|them) know|knows?|aware|informed|explained|reminded|asked (?:him|her|them)|remind"
    r"|still owe\w*|rest of|remaining|unless|or we|if you don{_AP}?t)\b".replace("{_AP}", _AP)
)


def kin_paid(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _BOOKED, gates=(_KIN_PAID,), vetoes=(_KIN_TOLD,))


# session 46 (precision): THE ADDRESSEE'S OWN STUDENT LOAN'S STATUS ("Your student loan repayment holiday is confirmed
# until June", "your student loan payments are paused while you study"): a pause, deferment or plan of a loan they
# already hold, and no offer beside it. The student rule's ``unless``; the span is the status word.
_OWN_STUDENT_LOAN = _rx(r"\b(?:your|ur) student loan\b")
_SL_STATUS = _rx(
    r"\b(?:pause[sd]?|holiday|deferment|deferred|deferral|forbearance|on hold|suspended|frozen|repayment plan"
    r"|income-driven|written off|forgiven|forgiveness|leave it out|left out|excluded)\b"
)
_SL_OFFER = _rx(
    r"\b(?:borrow|cash|extra|top[- ]?up|apply|today|instant\w*|co-?signer|guarantor|parents?|get (?:a|an|up)"
    r"|no need|only need|just need)\b"
)


def student_own_loan(norm: Normalized) -> list[Span]:
    found = gated_spans(norm, _SL_STATUS, gates=(_OWN_STUDENT_LOAN,), vetoes=(_SL_OFFER,))
    # session 49 (precision): a PUBLIC student-loan scheme advised ("A government student loan is usually the better
    # route") or a liable party's notice on a kin's student loan ("As co-signer on your son's student loan, you're
    # receiving this notice"): the span holds the scheme's or the kin's words with the student-loan words whole
    light = norm.light
    if _PUBLIC_SL_LURE.search(light) is None:
        found.extend(_dense(norm, *m.span()) for m in _PUBLIC_SL.finditer(light))
    return found


_PUBLIC_SL = _rx(
    r"\b(?:a |the )?(?:government|state|federal|national|public)(?:[- ](?:backed|funded|run))? student (?:loans?|finance"
    r"|loan scheme|aid)\b"
    rf"|\b(?:on|for) (?:your|his|her|their) (?:son|daughter|child|kid|nephew|niece|grandson|granddaughter|brother|sister)"
    rf"(?:{_AP}s)? student loan\b"
)
_PUBLIC_SL_LURE = _rx(
    r"\b(?:skip|forget|instead of|faster than|quicker than|better than|no need|instant\w*|today|minutes|welcome|student id"
    r"|no (?:parent|guarantor|co-?signer|job|income))\b"
)


# session 47 (precision): A STUDENT WITH A PARENT AS CO-APPLICANT ("Students can take our education loan only with a
# parent or guardian signing as co-applicant", "Education loan mein student ke saath parent ko co-applicant banna padta
# hai", "kailangan ng magulang bilang co-borrower para sa tuition loan"): the lender's requirement puts the parent IN
# the loan, the opposite of the lure. Not where the co-applicant is waived ("no parent needed", "without a co-signer")
# or a lure stands in the message. The student rule's ``unless``; the span is the co-applicant's role.
_COAPP_ROLE = _rx(
    r"\b(?:co-?applicants?|co-?borrowers?|co-?sign(?:s|ed|ing|ers?)?|joint (?:borrowers?|applicants?))\b"
)
_COAPP_KIN = _rx(
    r"\b(?:parents?|guardians?|mum|mom|mother|dad|father|papa|mummy|magulang|mata-?pita|maa-?baap|mummy-?papa)\b"
)
_COAPP_NOT = _rx(
    rf"\b(?:no|not|without|don{_AP}?t|doesn{_AP}?t|needn{_AP}?t|never|nahi|nahin|walang|hindi|optional|skip"
    r"|on (?:your|their|his|her) own|alone|by yourself)\b"
)
_COAPP_LURE = _rx(
    r"\b(?:welcome|instant\w*|today|tonight|minutes?|secret|never (?:know|find)|special|student (?:id|card)|only need"
    r"|just need|just your|up to|approved|guaranteed|cash)\b"
)


def student_coapp(norm: Normalized) -> list[Span]:
    light = norm.light
    if _COAPP_LURE.search(light) is not None:
        return []
    out: list[Span] = []
    for low, b in _sentences(light):
        if (
            b <= low
            or _COAPP_KIN.search(light, low, b) is None
            or _COAPP_NOT.search(light, low, b) is not None
        ):
            continue
        out.extend(_dense(norm, *m.span()) for m in _COAPP_ROLE.finditer(light, low, b))
    return out


# session 48 (precision): A STUDENT LOAN PAID TO THE SCHOOL ("Education loans are paid straight to the college on the fee
# schedule", "we pay the fees straight to the college", "the college gets the fee directly"): the money goes to the
# institution, the lender's disbursement rule, not a lure to students. Not where the message lures ("keep the rest", "no
# parent needed", "without a co-signer", "instant", "cash"). The student rule's ``unless``; the span is the sentence.
_STUDENT_PAYEE = _rx(
    r"\b(?:paid|pay|pays|disburs\w*|released|sent|goes|go|transferred|remitted)\b(?: [a-z]+){0,3}? (?:directly |straight"
    r" |right )?to (?:the |your |their |his |her )?(?:colleges?|universit(?:y|ies)|schools?|institutes?|institutions?|campus"
    r"|academy|polytechnic)\b|\b(?:the )?(?:colleges?|schools?|universit(?:y|ies)|institutes?|institutions?) (?:gets?|receives?)"
    r" (?:the |your |their )?(?:fees?|money|funds|payment|amount)\b"
)
_STUDENT_PAYEE_LURE = _rx(
    r"\b(?:keep the rest|pocket|spend|no parents?|without (?:a |any )?(?:parents?|co-?signers?|guarantors?|co-?borrowers?)"
    r"|no co-?signers?|no guarantors?|no need|only need|just need|student (?:id|card)|instant\w*|today|tonight|minutes?"
    r"|guaranteed|cash|secret|never (?:know|find))\b"
)


def student_payee(norm: Normalized) -> list[Span]:
    if _STUDENT_PAYEE_LURE.search(norm.light) is not None:
        return []
    return _sentence_spans(norm, _STUDENT_PAYEE)


# session 47 (precision): THE LENDER NOT ONE OF THOSE ("We're not one of those instant-approval outfits: every
# application gets a proper affordability check", Hinglish 'Hum "instant approval" waale app nahi hain', 'Hamare paas
# koi "guaranteed loan" wali scheme nahi hai'): the lure's words stand INSIDE the kind the speaker denies being (between
# the denial and its head noun), and nothing after the head in the sentence promises speed or approval ("We're not one
# of those slow banks: instant approval" keeps the lure: its kind holds no lure word). The marketing rules' ``unless``;
# the span runs from the denial to the head (it holds the lure's words whole).
_NOT_THOSE_HEAD = (
    r"(?:outfits?|apps?|shops?|lenders?|companies|company|firms?|places?|platforms?|sites?|websites?|operators?|ones|kind|type"
    r"|sort|schemes?|offers?|brands?|loan sharks?)"
)
_NOT_THOSE = _rx(
    rf"\b(?:(?:we|this|it|they){_AP}?(?:re|s)? (?:are |is )?not|we aren{_AP}?t|this isn{_AP}?t|it isn{_AP}?t|we are no|we{_AP}re no)"
    rf"(?: one of)? (?:those|these|the|a|an|your (?:typical|average|usual))\b(?P<k>[^.!?;:]{{1,50}}?)\b{_NOT_THOSE_HEAD}\b"
    rf"|(?P<h>[^.!?;:]{{1,50}}?) (?:wal[aei]|waal[aei]) (?:apps?|scheme|company|loan|lender|offer|platform)s? (?:nahi?n?|not)\b"
    # Taglish: 'Hindi po kami yung mga "instant approval" na app'
    r"|\bhindi (?:po )?kami (?:yung|iyong|ang)(?: mga)?(?P<t>[^.!?;:]{1,50}?) na (?:apps?|lending|lenders?|kompanya|company|platform)\b"
)
_NOT_THOSE_KIND = _rx(
    r"\b(?:instant\w*|same[- ]day|guarantee\w*|approv\w*|no[- ]credit[- ]check|no[- ]questions|minutes?|seconds?"
    r"|payday|quick[- ]cash|easy[- ]money|everyone)\b"
)
_NOT_THOSE_AFTER = _rx(
    r"\b(?:instant\w*|guarantee\w*|minutes?|seconds?|same[- ]day|no (?:credit )?checks?|approved|today|right now"
    r"|no questions)\b"
)


def not_those(norm: Normalized) -> list[Span]:
    light = norm.light
    out: list[Span] = []
    for low, b in _sentences(light):
        for m in _NOT_THOSE.finditer(light, low, b):
            kind = next(g for g in (m.group("k"), m.group("h"), m.group("t")) if g is not None)
            if (
                _NOT_THOSE_KIND.search(kind) is not None
                and _NOT_THOSE_AFTER.search(light, m.end(), b) is None
            ):
                out.append(_dense(norm, *m.span()))
    return out


# session 47 (precision): INTEREST WAIVED AS RELIEF ("We've waived all interest from today; the remaining ₹18,000
# principal can be paid over 9 months", "we've written off the remaining £312 of interest; you'll repay only the
# principal"): a waiver on a debt the addressee already owes (remaining, outstanding, principal, arrears, plan) and
# nothing of an offer (borrow, apply, new customers, first loan, up to, no credit check). The zero-interest rule's
# ``unless``; the span is each word of the debt owed (not the waiver's words).
_RELIEF_OWED = _rx(
    r"\b(?:remaining|outstanding|principal|arrears|hardship|repayment plan|payment plan|your plan|balance you owe"
    r"|from today|from now on|going forward|any ?more|no longer)\b"
)
_RELIEF_WAIVE = _rx(
    r"\b(?:waiv(?:e|ed|ing)|written off|write off|writing off|cancell?ed|wiped|frozen|froze|freez(?:e|ing)"
    r"|stop(?:ped)? charging|no longer charg\w*|won{_AP}?t charge|will not charge)\b".replace(
        "{_AP}", _AP
    )
)
_RELIEF_OFFER = _rx(
    r"\b(?:borrow\w*|apply|applying|sign up|new customers?|first loan|up to|no credit check|today only|limited"
    r"|offer|promo\w*|instant\w*|approved)\b"
)


def relief_waived(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _RELIEF_OWED, gates=(_RELIEF_WAIVE,), vetoes=(_RELIEF_OFFER,))


# session 47 (precision): THE BORROWER'S OWN REPORT OF A CALLER ("A man called saying there's a warrant out for me
# because of my loan. I've never missed a payment. Is this you?", "Someone claiming to be your agent told my sister
# I'd be jailed"): somebody else called, texted or came, and the writer asks the lender whether it was them, says they
# are up to date or complains. Not where the lender speaks of its own acts ("we'll", "or else", "unless you pay"). The
# collection rules' ``unless``; the span is the report's words (who, the act, "saying").
_CR_WHO = (
    r"someone|somebody|some ?one|a (?:man|woman|guy|lady|caller|person|stranger|bloke|girl|boy|number|private number)"
    r"|some (?:man|woman|guy|people|lady)|people|one (?:man|woman|guy|person|lady)|an? (?:agent|officer|collector)"
    r"|(?:a|one) (?:random|strange|unknown) (?:man|woman|guy|number|person|caller)|person wey|they"
)
_CALLER_REPORT = _rx(
    rf"\b(?:{_CR_WHO})\b[^.!?]{{0,50}}?\b(?:called|rang|phoned|texted|messaged|whatsapped|came|wrote|visited|call|dey call"
    rf"|claiming|claimed|pretending|posing)\b[^.!?]{{0,40}}?\b(?:saying|said|say|talk say|claiming|claimed|told|telling"
    rf"|to say|threatening|threatened|that)\b"
)
_CR_ASK = _rx(
    rf"\b(?:is (?:this|that|it) (?:you|real|true|legit|genuine|from you|your|a scam)|was (?:this|that|it) (?:you|real|from you"
    rf"|your)|are they (?:from )?(?:you|yours|your)|(?:is|was) (?:he|she|this person|that person) (?:from )?(?:you|your)"
    rf"|scam|fake|na una|did you send|from your (?:company|team|office|side)|i want to (?:complain|report|know)"
    rf"|(?:file|make|lodge) a complaint|i{_AP}?ve never missed|i have never missed|never missed|i{_AP}?m up to date"
    rf"|i am up to date|never borrowed|nothing (?:is )?overdue|who (?:was|is) (?:that|this|he|she))\b"
)
_CR_LENDER = _rx(
    rf"\b(?:we(?:{_AP}ll| will| are going to|{_AP}re going to| shall)|or else|unless you pay|if you don{_AP}?t pay|pay (?:up|now|today))\b"
)


def caller_report(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _CALLER_REPORT, gates=(_CR_ASK,), vetoes=(_CR_LENDER,))


# session 47 (precision): A JOB AT THE PRISON OR THE POLICE, the writer's or their kin's ("My brother is a prison warden,
# can he apply for a personal loan?", "I work as a jail guard at the county prison; do you accept my payslip?", "Mi
# sister na police woman, she fit stand as my guarantor?"): an occupation told, not a threat. Not where anybody
# presses the addressee ("if you don't pay", "lock you up", "or else"). The threat rule's ``unless``; the span is the
# occupation (it holds the prison / police word whole).
_JAIL_JOB = _rx(
    r"\b(?:is|was|am|are|works? as|worked as|na|dey work as|serves? as|retired) (?:an? |the )?(?:retired |senior |junior )?"
    r"(?:prison|jail|police|correctional|corrections|custody) ?(?:officer|warden|guard|inspector|constable|sergeant"
    r"|woman|man|officers|staff|nurse|chaplain|worker)\b"
    r"|\b(?:works?|worked|working|employed|job) (?:at|in|for) (?:the |a )?(?:[a-z]+ )?(?:prison|jail|police station|police force"
    r"|police department|remand centre|correctional facility)\b"
)
_JAIL_PRESS = _rx(
    rf"\b(?:you|ur)(?:{_AP}ll| will)? (?:be |go |end up )?(?:in|to|behind) (?:jail|prison|a cell|bars)|lock (?:you|u) up|arrest (?:you|u)"
    rf"|if you don{_AP}?t pay|unless you pay|or else|pay up|from the inside|don{_AP}?t pay\b|make sure you"
)


def jail_job(norm: Normalized) -> list[Span]:
    return gated_spans(norm, _JAIL_JOB, vetoes=(_JAIL_PRESS,))


# session 47 (precision): MONEY ALREADY MOVED ON THE CUSTOMER'S OWN ACCOUNT ("the EMI of ₹4,614 on your loan account
# ending 7731 was auto-debited on the 5th", "the interest of ₹9,600 for the last 12 months has been received"): a
# payment told in the past tense (debited, collected, received, posted), a record, not a sum offered and a larger one
# asked back. Not where the message offers or asks for more ("borrow", "apply", "pay back", "comes out", "tonight").
# The sum-repaid rule's ``unless``; the span is the whole sentence of the past payment (it holds the sums).
_OWN_PAID = _rx(
    r"\b(?:was|were|has been|have been|got|is|are) (?:auto-?debited|debited|collected|received|deducted|posted|paid"
    r"|credited|renewed|cleared|settled|taken)\b|\bauto-?debited\b"
    # session 48 (precision): the addressee's own past payment in the active voice ("For the 6-month term that closed on
    # 14 November you paid ₹5,600 in interest on your gold loan")
    r"|\byou (?:have |['’]ve |already )?(?:paid|repaid)\b"
)
_OWN_PAID_OFFER = _rx(
    r"\b(?:borrow\w*|apply|applying|pay (?:us )?back|repay (?:us|just|only)|comes? out|will come out|tonight|instant\w*"
    r"|top[- ]?up|get up to|you can get|you(?:{_AP}ll| will) get|offer|today only)\b".replace(
        "{_AP}", _AP
    )
)


def own_paid(norm: Normalized) -> list[Span]:
    if _OWN_PAID_OFFER.search(norm.light) is not None:
        return []
    return _sentence_spans(norm, _OWN_PAID)


# session 47 (precision): A HARM DENIED OUTRIGHT ("Missing a repayment will not lead to prison", "A late payment won't
# land you in jail", "Your workplace will never hear from us about what you owe", "Your family won't be contacted
# about your arrears"): prison, or the people of the addressee's life hearing of the debt, said NOT to follow, and no
# turn in the message that brings it back ("but", "unless", "until", "today", "this time", "if you", "keep it up",
# "then"). The threat / shaming / third-party rules' ``unless``; the span is the denial's sentence.
_HARM_DENIED = _rx(
    rf"\b(?:(?:will|would|does|do|can|could)(?: not|n{_AP}?t)(?: ever)?|will never|won{_AP}?t(?: ever)?|never)"
    r" (?:lead to|result in|land (?:you|anyone) in|send (?:you|anyone) to|put (?:you|anyone) in|get (?:you|anyone)"
    r" arrested|hear from us|be (?:contacted|told|informed|called))\b"
)
_HARM_TURN = _rx(
    rf"\b(?:but|unless|until|till|today|tonight|this time|yet|if you|keep it up|then|next time|or else|however|for now"
    rf"|we will|we{_AP}ll|except)\b"
)


def harm_denied(norm: Normalized) -> list[Span]:
    light = norm.light
    found = [
        (low, b) for low, b in _sentences(light) if b > low and _HARM_DENIED.search(light, low, b)
    ]
    if not found:
        return []
    # (a turn anywhere in the message after the first denial brings the harm back)
    first = _HARM_DENIED.search(light, found[0][0])
    turn = _HARM_TURN.search(light, first.end() if first is not None else found[0][0])
    if turn is not None and not (turn.group() == "but" and _BUT_HARMLESS.match(light, turn.end())):
        return []
    return [_dense(norm, low, b) for low, b in found]


# ("..., but it does go on your credit file", "but it may add a late fee": a lawful consequence after the turn)
_BUT_HARMLESS = _rx(
    r" (?:it|this|that|they|missed payments?|late payments?)(?: [a-z]+){0,2}? (?:(?:may|will|can|could|does|do) )?"
    r"(?:go on|show on|appear on|affect|add|incur|lower|hurt|be reported|be recorded|mean a late fee)"
)


# session 47 (precision): THE ADDRESSEE TOLD WHOM TO UPDATE ABOUT A CHANGE OF THEIR OWN DETAILS ("Tell your gym if your
# direct debit changes, not us", "If your card number changes, let your landlord and your phone company know"): the
# addressee, not the lender, tells them, and of a change of a card, an account or an address; no debt in the message.
# The third-party rule's ``unless``; the span is the sentence.
_TELL_WHO = _rx(r"\b(?:tell|let|inform|notify|update|contact|call)\b")
_OWN_CHANGE = _rx(
    r"\b(?:your|ur) (?:direct debits?|card(?: number| details)?|bank (?:details|account)|account(?: number| details)?|address"
    r"|phone number|mobile number|number|email|payment date|standing orders?|billing details)\b[^.!?;]{0,30}?"
    r"\b(?:changes?|changed|is changing|expires?|expired|gets? replaced|is replaced)\b"
    r"|\b(?:change|update|new) (?:of |to )?(?:your|ur) (?:direct debit|card|bank details|address|number|email)\b"
)
_OWN_CHANGE_DEBT = _rx(
    r"\b(?:owe\w*|debts?|arrears|overdue|unpaid|default\w*|late|behind|missed|pay (?:us|up|now)|don{_AP}?t pay|not paying"
    r"|balance|outstanding)\b".replace("{_AP}", _AP)
)


def tell_own_change(norm: Normalized) -> list[Span]:
    if _OWN_CHANGE_DEBT.search(norm.light) is not None:
        return []
    return _sentence_spans(norm, _TELL_WHO, _OWN_CHANGE)


# session 47 (precision): AN APPROVAL WITH THE BORROWER'S OWN NEXT STEP ("Your loan has been approved. The funds will be
# disbursed once you accept the offer in the app", "... once you e-sign the agreement"): the status of the addressee's
# own loan and the contract step that comes before the payout, nothing inducing, no fee and no haste ("now", "today",
# "instantly"). The guarantee rule's ``unless``; the span is each sentence.
_ACCEPT_STEP = _rx(
    rf"\b(?:once|after|when|as soon as) you(?:{_AP}ve| have)? (?:review(?:ed)? and )?(?:accept(?:ed)?|e-?sign(?:ed)?|sign(?:ed)?)"
    r" (?:the|your|our) (?:loan )?(?:offer|agreement|contract|terms|loan agreement)\b"
)
_ACCEPT_PRESS = _rx(
    r"\b(?:fees?|charges?|pay (?:the|a|us)|deposit|bvn|otp|pin|now|today|tonight|immediately|instantly|right away"
    r"|minutes?|seconds?|hurry|expires?|last chance)\b"
)


def status_accept(norm: Normalized) -> list[Span]:
    light = norm.light
    cond = _ACCEPT_STEP.search(light)
    if cond is None or _STATUS.search(light) is None or _ACCEPT_PRESS.search(light) is not None:
        return []
    rest = light[: cond.start()] + " " + light[cond.end() :]
    if _INDUCES.search(rest) is not None or _ARRIVED_LURE.search(rest) is not None:
        return []
    return _sentence_spans(norm)


# session 49 (precision): OTHERS' PRACTICE CONDEMNED ("Some apps text your contacts to shame borrowers. That's illegal; we
# have never done it", "Certain apps blast your whole contact list when you're late. We don't", "Some lenders message
# your friends to embarrass you into paying. That's against the law"): the act is told of other lenders, apps or
# collectors, and the message condemns it or denies doing it. The third-party rules' ``unless``; the span is the
# sentence that tells of the others. Not where the writer joins in ("and so will we", "if the money isn't in", "we'll
# text yours tonight").
_OTHERS = _rx(
    r"^(?:but |and |sadly |unfortunately |note: )?(?:some|certain|other|many|a few|several|shady|illegal|rogue|predatory"
    r"|fake|unlicen[sc]ed|dodgy|unregistered|bad)(?: [a-z-]+){0,2}? (?:apps?|lenders?|companies|firms?|collectors?"
    r"|agents?|agencies|loan sharks?|sharks?|platforms?|outfits?)\b"
)
_CONDEMNED = _rx(
    rf"\b(?:illegal|unlawful|against the (?:law|rules)|harassment|not allowed|forbidden|banned|breaking the (?:law|rules)"
    rf"|we (?:don{_AP}?t|do not|never|would never|will never|won{_AP}?t)|we{_AP}d never|we{_AP}ve never|we have never"
    rf"|not us|not something we do|we don{_AP}?t)\b"
)
_OTHERS_JOIN = _rx(
    rf"\b(?:so will we|so do we|we will too|we{_AP}ll do the same|we will do the same|and we will|and we{_AP}ll|or we"
    r"|until you pay|unless you pay|if (?:the money|you don|you do not|you fail|you keep)\w*|by (?:today|tonight|friday|monday)"
    rf"|today|tonight|we(?:{_AP}ll| will| are going to| shall) (?:text|call|message|tell|contact|ring|visit|inform|blast"
    r"|email|whatsapp|post)(?! (?:you|only|just)\b))\b"
)


def others_practice(norm: Normalized) -> list[Span]:
    light = norm.light
    if _CONDEMNED.search(light) is None or _OTHERS_JOIN.search(light) is not None:
        return []
    return [
        _dense(norm, low, b)
        for low, b in _sentences(light)
        if b > low and _OTHERS.match(light[low:b]) is not None
    ]


# session 49 (precision): A BEREAVEMENT REPLY ("We're so sorry to hear about your husband. ... we've put his account on hold and
# won't contact you again for 30 days", "Please accept our condolences. As executor, you can send us the death certificate
# and we will freeze interest on your father's account"): the message tells of a death and what the lender pauses or
# needs; the kin is the bereaved addressee's, not a lever. The third-party rules' ``unless``; the spans are the message's
# sentences. Not where it presses or spreads the news (every day, until ... paid, the whole family, the village, shame).
_DEATH = _rx(
    r"\b(?:condolences?|sorry for your loss|sorry to hear|passed away|passing|bereave\w*|death certificate|death of"
    r"|has died|had died|deceased|executors?|estate)\b"
)
_DEATH_CARE = _rx(
    r"\b(?:freez\w*|froze|frozen|on hold|paus\w*|stopp?\w*|suspend\w*|no rush|when you(?:{_AP}re| are) ready|insurance|cover"
    r"|won{_AP}?t contact|will not contact|closed? to interest|don{_AP}?t have to pay|do not have to pay|not liable)\b".replace(
        "{_AP}", _AP
    )
)
_DEATH_PRESS = _rx(
    r"\b(?:every day|each day|until (?:it|you|the|his|her)|unless|whole (?:family|village|street|town)|village|neighbou?rs?"
    r"|shame|dead but|still owes?|must pay|have to pay(?! your)|will pay for|pay (?:now|today|up|by))\b"
)


def bereavement(norm: Normalized) -> list[Span]:
    return _whole_message(norm, _DEATH, _DEATH_CARE, vetoes=(_DEATH_PRESS,))


# session 49 (precision): A NOTICE TO THE ADDRESSEE AS GUARANTOR, CO-SIGNER OR JOINT BORROWER ("Because you co-signed your
# nephew's car loan, we're writing to let you know it is two payments behind", "Because you are a joint borrower on the home
# loan, you will receive the same arrears letters as your husband", "Co-applicants share responsibility for the loan, so
# your sister will also get the account statements"): the addressee is liable on the loan, and the notice to a liable party
# is the law's. The third-party rules' ``unless``; the spans are the message's sentences. Not where the message reaches
# beyond the liable parties or presses (the boss, the office, the church, the whole family, until you pay, every day).
_LIABLE = _rx(
    rf"\byou(?:{_AP}ve| have)? (?:co-?signed|cosigned|guaranteed|stood (?:as )?surety|signed as (?:a |the )?(?:guarantor"
    r"|surety|co-?signer|co-?applicant|co-?borrower|joint borrower))\b"
    r"|\bas (?:a |the )?(?:co-?signer|cosigner|guarantor|surety|co-?applicant|co-?borrower|joint (?:borrower|applicant))\b"
    rf"|\byou(?:{_AP}re| are) (?:a |the |named as |named as the |named as a )?(?:co-?signer|cosigner|guarantor|surety"
    r"|co-?applicant|co-?borrower|joint (?:borrower|applicant|account holder))\b"
    r"|\b(?:co-?applicants?|co-?borrowers?|joint borrowers?|guarantors?) (?:share|are (?:jointly )?liable|both|each)\b"
)
_LIABLE_PRESS = _rx(
    r"\b(?:boss|office|employer|workplace|colleagues?|church|pastor|imam|mosque|village|neighbou?rs?|whole family"
    r"|everyone|all your contacts|contacts|cheat|thief|liar|shame\w*|disgrac\w*|until you pay|unless you pay"
    r"|every day|each day|tonight|or else|until (?:it|this|that|the|you|he|she|they)\w*)\b"
    rf"|\bwe(?:{_AP}ll| will| are going to| shall)(?: also| then| now| just| be)? (?:ring|call|text|visit|message|phone"
    r"|contact|tell)\w* (?:your|his|her|their)\b"
)


def liable_notice(norm: Normalized) -> list[Span]:
    return _whole_message(norm, _LIABLE, vetoes=(_LIABLE_PRESS,))


# session 50 (precision): NO CREDIT CHECK FOR AN ACCOUNT SERVICE ("No credit check is done when you ask for a copy of your
# own statement", "We don't run a credit check to send you a settlement letter", "Updating your address needs no credit
# search on our side"): the check is said not to happen for a service the addressee asks on a loan they hold (a statement,
# a letter, a certificate, a copy, a date or a detail changed, a balance looked up); nothing is offered. The no-credit-check
# rule's ``unless``; the spans are the sentences holding the service and the check. Not beside an offer (loans, cash,
# money, borrow, apply, approval, a limit, a top-up, today, instant, guaranteed, "just your ...").
_SVC_ASK = _rx(
    r"\b(?:letters?|certificates?|cop(?:y|ies)|receipts?|agreement|contract|address|phone number|email address"
    r"|bank details|account details|mandate|direct debit|standing order|(?:due|repayment|payment|instalment|installment"
    r"|debit) date|balance|payoff (?:quote|figure)|settlement (?:quote|figure)|password|pin|login|noc|paid-up|closure"
    r"|admin change|(?:updat|chang|switch|amend|correct|mov)\w* (?:your|the) \w+)\b"
)
_SVC_CREDIT = _rx(
    r"\bcredit (?:checks?|search\w*|reports?|enquir\w*|inquir\w*|files?|history|records?|pulls?)\b|\bbureau\b|\bcibil\b"
)
_SVC_OFFER = _rx(
    r"\b(?:loans|(?:a|new|our|another) loan|borrow\w*|cash|money|apply\w*|application|approv\w*|limit|top-?ups?|today"
    r"|tonight|instant\w*|minutes|guarantee\w*|qualif\w*|eligib\w*|bad credit|poor credit|anyone|everyone|lend\w*"
    r"|just your|all (?:you|it) need\w*|only need\w*|yours|we need|send (?:us|me)|bhej\w*|instead|rather than|na only)\b"
)


def service_nocheck(norm: Normalized) -> list[Span]:
    if _SVC_OFFER.search(norm.light) is not None:
        return []
    return _sentence_spans(norm, _SVC_ASK, _SVC_CREDIT)


# session 50 (precision): "ZERO INTEREST" THAT IS NOT THE LENDER'S OFFER (the zero-interest rule's ``unless``; the spans are
# the sentences holding the free word): (a) another's ("That 'zero interest' banner you saw belongs to another company, not
# us", "That 0% EMI offer is the phone retailer's promotion, not a loan from us"), not where the lender joins it ("we also",
# "so do we", "ours too", "with us you"); (b) an employer's benefit ("Your employer's salary advance scheme charges no
# interest; the amount is deducted from your next payslip", "a company benefit with no interest"), not where it is sold to
# all comers (everyone, instant, no checks, apply, sign up, today).
_FREE_WORD = _rx(
    r"\b(?:zero|0 ?%|no|free|without|walang)[ -]?(?:interest|apr)\b|\binterest[- ]free\b|\bfree[- ]interest\b"
    r"|\b0 ?% (?:emi|instal\w*|install\w*|finance|financing)\b"
)
_NOT_OURS = _rx(
    rf"\b(?:not (?:us|ours|from us|by us|with us|(?:a |an )?(?:our|a loan from us|ours)(?: [a-z]+)?)|(?:is|are)n{_AP}?t"
    r" (?:ours|us|from us|our \w+)|nothing to do with (?:us|our)|belongs? to (?:an?|another|the|a different|some) \w+"
    r"|(?:is|are|was|were) (?:from|run by|offered by|by) (?:a|an|another|the|some) (?!lender\b)\w+|(?:another|other|a"
    r" different) (?:company|companies|lender|bank|firm|app|platform|shop|store|retailer)|we never advertise"
    rf"|(?:the )?(?:shop|store|retailer|dealer|merchant|mall|bank|card company|credit card company){_AP}s"
    r" (?:promotion|promo|offer|deal|finance|partner|plan))\b"
)
_OURS_TOO = _rx(
    r"\b(?:we (?:also|too|can|could|will|do|offer|match|beat|give|have)|so do we|ours too|us too|same (?:deal|offer)"
    r"|even better|better deal|like them|with us you|our own)\b"
)
_EMPLOYER = _rx(
    r"\b(?:employers?|employer{_AP}s|your (?:company|firm|hr|workplace|office)(?:{_AP}s)?|company (?:benefit|scheme|perk)"
    r"|staff (?:perk|benefit|scheme)|hr (?:team|department)|kumpanya (?:ninyo|mo|nyo|niyo)|wage[- ]access|earned[- ]wage)\b".replace(
        "{_AP}", _AP
    )
)
_EMPLOYER_SOLD = _rx(
    r"\b(?:everyone|anyone|everybody|all comers|instant\w*|no checks?|no credit|apply|sign up|get yours|borrow up to|today"
    r"|click|download|limited|hurry)\b"
)


def free_not_offered(norm: Normalized) -> list[Span]:
    light = norm.light
    out: list[Span] = []
    if _OURS_TOO.search(light) is None:
        out += _sentence_spans(norm, _FREE_WORD, _NOT_OURS)
    if _EMPLOYER.search(light) is not None and _EMPLOYER_SOLD.search(light) is None:
        out += _sentence_spans(norm, _FREE_WORD)
    return out


# session 50 (precision): A PRACTICE THE LENDER DENIES (the threat / quiet-hours / night-visit rules' ``unless``; the spans
# are the message's sentences): (a) jail or arrest said not to follow a debt ("Arrest isn't a possible outcome of a missed
# EMI", "Jail is not something that can happen over an unpaid personal loan", "nobody is arrested for ..."); (b) the
# dialler's quiet hours kept and a night call disowned ("Late-night calls from 10 pm to 8 am are blocked in our dialler, so
# the call you got at 11 wasn't from our system", "we no dey call customers after 8pm, na company rule"); (c) a collector's
# visit owned as misconduct ("The field agent who came to your house at night broke our rules; he no longer works on our
# accounts"). Not where the message presses or turns ("but", "unless", "until you pay", "I'll ring you myself", "tonight",
# "next time", "again").
_JAIL_DENIED = _rx(
    rf"(?:^|[.;!?] )(?:an? )?(?:arrest|jail|prison|imprisonment|custody|going to (?:jail|prison))\w*(?: time)?"
    rf" (?:is|are|was)(?:n{_AP}t| not| never)\b"
    r"|\b(?:no one|nobody|no-one) (?:goes|is sent|gets sent|is arrested|gets arrested|can be arrested|is jailed|gets jailed"
    r"|is imprisoned|goes to (?:jail|prison))\b"
    rf"|\b(?:can{_AP}?t|cannot|won{_AP}?t|will not|could not|couldn{_AP}?t) (?:be )?(?:arrested|jailed|imprisoned|sent to"
    r" (?:jail|prison)) (?:for|over)\b"
)
_HOURS_DENY = _rx(
    rf"\b(?:blocked|barred|switched off|disabled|hard-coded|(?:can{_AP}?t|cannot|never|don{_AP}?t|do not|won{_AP}?t|will"
    r" not|no dey|does not|doesn{AP}?t) (?:dial|call|ring|place calls|make calls|phone))\b".replace(
        "{AP}", _AP
    )
)
_HOURS_NOT_OURS = _rx(
    rf"\b(?:(?:was|is)n{_AP}?t (?:ours|us|from us|from our|our)|(?:was|is) not (?:ours|us|from us|from our|our)|no be"
    rf" (?:from )?(?:us|our)|not from us|(?:we{_AP}re|we are|i{_AP}m|i am) (?:checking|investigating|looking into)"
    r"|company rule|our rules?|by law|our policy)\b"
)
_OWNED = _rx(
    rf"\b(?:broke (?:our|the) rules|against our (?:rules|policy|policies|code)|(?:was|wasn{_AP}t|was not) (?:not )?authori[sz]ed"
    rf"|has been (?:suspended|dismissed|removed|fired|let go)|(?:no longer|doesn{_AP}t|does not) work\w* (?:for us|on our"
    r"|with us|here))\b"
)
_OWNED_ACT = _rx(r"\b(?:came|visited|turned up|showed up|knocked|went|called|rang|phoned)\b")
_DENIED_PRESS = _rx(
    rf"\b(?:but|unless|until you|however|yet|except|for you|in your case|this time|i{_AP}ll|i will|we{_AP}ll|we will"
    rf"|i{_AP}m going to|we{_AP}re going to|gonna|tonight|tomorrow|next time|again|every night|my own phone|another number"
    r"|personal phone|if you don\w*)\b"
)


def practice_denied(norm: Normalized) -> list[Span]:
    light = norm.light
    if _DENIED_PRESS.search(light) is not None:
        return []
    if (
        _JAIL_DENIED.search(light) is not None
        or (_HOURS_DENY.search(light) is not None and _HOURS_NOT_OURS.search(light) is not None)
        or (_OWNED.search(light) is not None and _OWNED_ACT.search(light) is not None)
    ):
        return _sentence_spans(norm)
    return []


# session 50 (precision): MONEY RETURNED TO THE ADDRESSEE ("Your overpayment refund is guaranteed to reach your account by the
# 20th", "The mobile money reversal to your M-Pesa line was processed"): a refund or a reversal told, not a loan approved.
# The guaranteed-approval rule's ``unless``; the spans are the sentences holding the refund. Not beside approval, an
# application or an offer ("Approval guaranteed or your application fee refunded").
_RETURNED = _rx(
    r"\b(?:refund(?!able)\w*|reversal|reversed|money back|reimburs\w*|credited back|paid back to you|returned to your)\b"
)
_RETURNED_OFFER = _rx(
    r"\b(?:approv\w*|borrow\w*|qualif\w*|eligib\w*|apply|application|limit|disburs\w*|payout|new loan|top-?ups?|or your"
    r"|or we refund|or (?:your )?money back|no credit|everyone|anyone|pass\w*|unlock\w*|guaranteed loan)\b"
)


def money_returned(norm: Normalized) -> list[Span]:
    if _RETURNED_OFFER.search(norm.light) is not None:
        return []
    return _sentence_spans(norm, _RETURNED)


# session 50 (precision): A PIDGIN PAYOUT DUE ("Oga, your loan don approve; the money go enter your account tomorrow morning",
# "the loan don pass; dem go pay am into your account next week"): ONE addressee's loan already approved and the day its
# money reaches their account, told plainly. The guarantee rule's ``unless``; the spans are the message's sentences. Not
# with a lure's reassurance or a step left (no shaking, no wahala, sure, 100%, trust, collect, apply, once you, just, BVN,
# finish, remain, sign, fee), which the labelled lures of this register all carry.
_PIDGIN_OK = _rx(r"\b(?:don|done) (?:approve|approved|pass|passed)\b")
_PIDGIN_DUE = _rx(
    r"\b(?:(?:the |your |ur )?(?:money|cash|alert|funds?) go (?:enter|land|drop|reach)|dem go (?:pay|send|credit) (?:am|it|the"
    r" money))\b[^.;!?]{0,30}?\b(?:your|ur) (?:[a-z]+ )?(?:account|wallet)\b[^.;!?]{0,20}?\b(?:tomorrow|today|morning"
    r"|afternoon|evening|before|by|on|next week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend"
    r"|[0-9]{1,2} ?(?:am|pm))\b"
)
_PIDGIN_LURE = _rx(
    r"\b(?:no shaking|no wahala|sure|100|hundred|trust|lie|collect|apply|once you|just|bvn|nin|finish|formality|remain|sign"
    r"|fee|relax|worry|assure\w*|guarantee\w*|banker|sharp|no story|wallahi|walahi|press|inside|tonight|everybody|anybody)\b"
)


def pidgin_payout(norm: Normalized) -> list[Span]:
    return _whole_message(norm, _PIDGIN_OK, _PIDGIN_DUE, vetoes=(_PIDGIN_LURE,))


# session 50 (precision): THE LENDER'S SIDE OF A GUARANTEE OR A RELEASE (author's family names): a government or scheme
# guarantee that protects the lender, the borrower still liable ("This SME loan carries the government's 80% guarantee,
# which protects the bank, not you: you still owe the full amount"); a construction loan's next tranche released on an
# inspection ("The second tranche of your home loan was released after the site inspection"). The guarantee rule's
# ``unless``; the spans are the message's sentences. Not beside a promise to all comers (everyone, apply, 100%, no
# inspection, skip, guaranteed approval).
_LENDER_SIDE = _rx(
    r"\bguarantee\w*\b[^.;!?]{0,60}?\b(?:protects?|covers?|is (?:to|for)|benefits?|goes to|pays?) (?:the |our )?"
    r"(?:lender|bank|us)\b"
    r"|\b(?:tranche|drawdown|stage payment|disbursement)s?\b[^.;!?]{0,80}?\b(?:inspection|site visit|valuer|engineer"
    r"|surveyor|completion)\b"
    r"|\b(?:inspection|site visit|valuer|engineer|surveyor)\b[^.;!?]{0,80}?\b(?:tranche|drawdown|stage payment"
    r"|disbursement)s?\b"
)
_LENDER_SIDE_PROMISE = _rx(
    r"\b(?:everyone|anyone|apply|100 ?%|no inspection|skip|guaranteed approval|approval guaranteed|sure|instant\w*)\b"
)


def lender_side(norm: Normalized) -> list[Span]:
    return _whole_message(norm, _LENDER_SIDE, vetoes=(_LENDER_SIDE_PROMISE,))


# Each frame's gate words (dense view: every anchor of the frame holds one); concepts.py runs
# them in the English readers' one automaton pass, so a message without them pays nothing.
READERS: dict[str, tuple[tuple[str, ...], Callable[[Normalized], list[Span]]]] = {
    "e37_menace": (
        _words(
            "ugly nasty messy regret sorry shame surprise consequence outofmy outofour outofhis outofher hatefor"
            " hatetosee wontlike notlike whatcomes whathappens whatfollows whatscoming whatiscoming whatsnext"
            " whatisnext afterit comesafter carefully thinkhard thinktwice dontwant donotwant wouldntwant"
            " dontlike wouldntlike watching rememberyou rememberthis rememberthat thelast lastpolite lastnice"
            " lastfriendly wontbe willnotbe wont dont doesnt never nolonger notgoingto stopbeing stopsbeing changehow"
            " problem trouble accident issues damage difficult hardtime"
            # session 39: insinuation
            " anotherway anotherapproach anothermethod differentway differentapproach differentmethod"
            " otherway ownmethod ownway newapproach differently persuasive creative convincing resourceful"
            " inventive amazed shocked stunned astonished guys lads boys fellas associates brothers crew"
            " meansof waysof methodsof politemessages nicemessages politecalls politetexts politereminders"
            " niceapproach politeapproach politephase nicephase wontenjoy dontenjoy wontappreciate"
            " mydesk myhands mycontrol minetohandle minetodeal minetosort minetomanage pretty pleasant niceforyou escalat"
            " dophonecalls docalls doletters notasnice notaspatient notaspolite"
            # session 40: insinuation by people
            " showyoupepper showupepper showyoushege hearam seewetin knowsay youcry feelam seeam"
            " awayof aknack agiftfor atalentfor theirways whohandle whodealwith wholookafter whotakecareof"
            " whosortout whomanage thathandle thatdealwith"
        )
        + _pairs(
            "get gets getting got turn turns turning go goes going become becomes start starts starting",
            _ADVERSE_ADJ,
        ),
        menace,
    ),
    # session 41: menace with no debt word; arrest or a visit with no arrest word
    "e41_watch": (
        _words(
            "weknow wevegotey wehaveey wevebeen weve wehave wesaw weseen wespotted weclocked wenoticed wedrove"
            " wewalked wewent wepassed wewatched wewatching wefollowed wefound weretracking beseeingyou seeyou"
            " wellbewaiting wewillbewaiting wellbe ourguys ourlads ourboys ourmen ourpeople ourteam ouragent"
            " ourcollector ourman ourfellas ourcrew ourfriends mylads myboys myguys mymen someone somebody oneofus"
            " oneofour shameif pityif"
        ),
        watch,
    ),
    "e41_done": (
        _words(
            "signed stamped squared sorted through cleared done fixed tickedoff allset goodtogo inorder lockedin"
        ),
        done_money,
    ),
    "e41_arrest": (
        _words(
            "police cops coppers constable bobbies oldbill feds thelaw fuzz inblue inuniform uniforms detective"
            " inspector sheriff marshal garda guards askari polisi plod cid station thenick bars bracelets acell"
            " backofa flashing cuffs cuffed handcuff"
        ),
        arrest,
    ),
    "e37_child": (
        _pairs("ur old two three four both", _CHILD_TOKENS)
        + _words("little club practice training lessons rehearsal tuition"),
        child,
    ),
    "e37_threshold": (
        _words(
            "thatsit thatsall thatisit thatisall thatsour thatsthe nothingelse nothingmore allittakes allweneed"
            " allyouneed allweask andyoure andyouare andur whole entire youvegot youhavegot yougot youqualify"
            " youcanqualify yourein youarein youreapproved youareapproved yourethrough youarethrough"
            " youreeligible youareeligible gotenough gotall goteverything gotwhat isyours areyours theonly youcanget youget"
            " thatseverything thatsyourwhole thatstheentire thatsyourentire thatsallwe thatsthepaperwork"
            # session 41: the sole requirement then the grant
            " youonlyneed youjustneed allyoullneed allthatsneeded allwewant allyouhavetodo"
            " alreadymet youvemet youhavemet youmet weredone wearedone"
            # session 40: the conditional threshold's protasis
            " ifyoucan ifyouhave ifyouve ifyougot ifyouown ifyoure ifyouare aslongas solongas providedyou"
            " boomapproved greatapproved thenapproved bamapproved doneapproved goodapproved"
            " providingyou ifyouknow moneysyours moneyisyours cashsyours cashisyours loansyours"
            " ifucan ifuhave ifugot"
        ),
        threshold,
    ),
    "e37_insider": (
        _words(
            "guarantee inthebag nomatterwhat considerit basically asgoodas alreadysaid alreadyapproved"
            " alreadysigned alreadystamped alreadydone alreadysorted alreadythrough sstamped ssigned ssorted"
            " sdone shandled syours sthrough sapproved nostress wahala donfinish banker noproblem leaveitto"
            " leaveitwith sorted straight hisdesk herdesk theirdesk pile hishand herhand topofthe"
        )
        + _pairs("ll gonna goingto", _APPROVE_V),
        insider,
    ),
    "e37_third": (("your", "yougoto", "youuse", "youvisit"), third),
    "e44_caller": (
        _pairs(
            "mum mom mother mam mama dad father papa wife husband missus partner spouse fiance fiancee girlfriend"
            " boyfriend brother sister cousin uncle aunt auntie aunty nan nana gran granny grandma grandpa grandad"
            " grandmother grandfather nephew niece son daughter parent parents relative friend mate colleague boss"
            " manager employer landlord landlady flatmate roommate housemate neighbour neighbor inlaw",
            _CALLER_ACT + " has had just also kindly already",
        ),
        caller,
    ),
    "e45_police_own": (
        _words("police polic officer arrest criminal crime conviction jail prison"),
        police_own,
    ),
    "e45_reach_only": (
        _words(
            "youtocall youtoring youtophone youtocontact youtogetintouch youtoreach youtogetback youcall youring youphone"
            " youcontact yougetintouch youreach yougetback passona passonour passonthe callus ringus phoneus contactus"
            " reachyou contactyou getholdofyou findyou locateyou asyou sinceyou becauseyou withyourconsent"
            " withyourpermission withyourwritten withyoursigned withyourverbal withyourauthori withyourauthority"
            " authorityyou consentyou mandateyou claimingtobe claimedtobe pretendingtobe pretendedtobe sayingtobe"
            " saidtobe sayinghe sayingshe sayingthey saidhe saidshe saidthey"
            # session 48: the addressee's request or permission in other words
            " peryour atyourrequest atyourinstruction atyourwish onyourrequest onyourinstruction onyourwish"
            " uponyour followingyour yougaveus youhavegivenus youvegivenus grantedus aapkekehne aapkirequest"
            " aapkimarzi aapkiijazat"
            # session 49: the addressee's own setting or choice
            " youset youchose youpicked youselected youturnedon youswitchedon youticked youenabled youoptedin"
            " youoptedto youvechosen youhavechosen youchosen younominated youelected youvenominated youhavenominated"
            " youveenabled youhaveenabled youveswitched youveturned youhaveswitched youhaveturned youveticked"
            " thanksforadding thanksfornominating thanksfornaming thanksforchoosing thanksforsettingup"
            " thanksforlisting thankyouforadding thankyoufornominating thankyoufornaming thankyouforchoosing"
            " thankyouforsettingup thankyouforlisting yourconsent yourpermission yourauthori yourinstruction"
            " onyourown onyoursay onyourauthority youveaskedus youhaveaskedus youaskedus youvetoldus youtoldus"
            " youhavetoldus youinstructedus youveinstructedus"
        ),
        reach_only,
    ),
    "e45_certainty_denied": (
        _words(
            "surething donedeal agiven formality certain sure guarantee automatic ayes approved accepted slamdunk"
            " inthebag promise"
            # session 48: the promise denied in the passive ("is ever told", "are assured")
            " evertold istold aretold betold isassured areassured beassured evergiven everoffered"
            # session 49: the loan itself not promised
            " youllget youwillget youllreceive youwillreceive"
        ),
        certainty_denied,
    ),
    "e45_paid_out": (
        _words(
            "landed entered enter land reflected reflects credited arrived dropped drop camein wentin paidout"
            " disbursed gonein hityour alreadyshowing alreadysitting alreadyin showingin showinginur"
            " accountalready walletalready beendisbursed beencredited beenpaid releasedto releasedinto"
        ),
        paid_out,
    ),
    "e45_status_payout": (
        _words(
            "approved sanctioned approveho sanctionho wentthrough gonethrough disburseho manzoorho"
        ),
        status_payout,
    ),
    # session 46 (precision): Taglish status, the customer's own call time, students declined, advice against
    # borrowing to repay, a bet on a feature, employment verified, a pre-check told (each for ``unless``)
    "e46_status_taglish": (_words("approvena approvedna releasena aprubadona"), status_taglish),
    "e46_kin_paid": (
        _words("applied allocated posted booked putit uptodate iscurrent"),
        kin_paid,
    ),
    "e46_student_own_loan": (
        _words(
            "yourstudentloan urstudentloan governmentstudent statestudent federalstudent nationalstudent"
            " publicstudent backedstudent fundedstudent runstudent sstudentloan"
        ),
        student_own_loan,
    ),
    # session 47 (precision): a student with a parent as co-applicant (the student rule's ``unless``)
    "e47_student_coapp": (
        _words("coapplicant coborrower cosign jointborrower jointapplicant"),
        student_coapp,
    ),
    "e47_relief_waived": (
        _words(
            "waive waiving writtenoff writeoff writingoff cancelled canceled wiped frozen froze freez stopcharging stoppedcharging nolongercharg wontcharge willnotcharge"
        ),
        relief_waived,
    ),
    "e47_caller_report": (
        _words(
            "saying said say claiming claimed told telling threatening threatened talksay pretending posing"
        ),
        caller_report,
    ),
    "e47_jail_job": (_words("prison jail police correction custody remand"), jail_job),
    "e47_own_paid": (
        _words(
            "autodebited debited collected received deducted posted paid credited renewed cleared settled taken"
        ),
        own_paid,
    ),
    "e47_harm_denied": (
        _words(
            "notleadto ntleadto neverleadto notresultin ntresultin neverresultin notlandyou ntlandyou neverlandyou"
            " notsendyou ntsendyou neversendyou notputyou ntputyou neverputyou notgetyou ntgetyou nevergetyou"
            " nothearfromus nthearfromus neverhearfromus notbecontacted ntbecontacted neverbecontacted notbetold"
            " ntbetold nevertold notbeinformed ntbeinformed notbecalled ntbecalled everbecontacted everhearfromus"
        ),
        harm_denied,
    ),
    "e47_tell_own_change": (
        _words(
            "changes changed changing expires expired replaced changeof changeto changeyour updateyour newcard newaddress"
        ),
        tell_own_change,
    ),
    "e47_status_accept": (
        _pairs(
            "onceyou afteryou whenyou assoonasyou",
            "accept accepted sign signed esign esigned reviewandaccept",
        ),
        status_accept,
    ),
    "e47_not_those": (
        _words(
            "oneofthose oneofthese yourtypical youraverage yourusual hindikami hindipokami arenta arentan isnta isntan renota renotan"
            " arenota arenotan isnota isnotan renothe arenothe renoone arenoone waale wale wali waali wala waala"
        ),
        not_those,
    ),
    "e46_call_me": (
        _words("callme ringme phoneme textme buzzme contactme reachme dialme"),
        call_me,
    ),
    "e46_student_declined": (
        _words(
            "student students inschool atschool atuni incollege studying education undergraduate"
        ),
        student_declined,
    ),
    "e46_borrow_advice": (
        _words(
            "iwouldnt iwouldnot idavoid iwouldavoid steerclear idnot pleasedont pleasedonot trynotto avoid"
            " dont donot owingtwo owetwo twolenders moreexpensive mostexpensive worse harder"
            # session 49: the cost told
            " costfar costmuch costalot costeven costmore costyouthe costyouyour costyoufar costyoumuch costyoumore"
            " costyoualot addtoyour addtothe addinterest digthe digyour diga atrisk"
        ),
        borrow_advice,
    ),
    "e46_bet_other": (
        _words(
            "youlllike youlllove youllenjoy youllprefer youllfind youdlike youdlove youwilllike youwilllove"
            " youwillenjoy youwillprefer youwillfind"
        ),
        bet_other,
    ),
    "e46_job_check": (
        _words(
            "youremployment yourjob yoursalary yourincome youareemployed youreemployed youwork youstillwork thatyouwork yourposition youreworking youareworking"
        ),
        job_check,
    ),
    "e46_precheck": (
        _words(
            "yourrate urrate therate eligibility prequalif preapproval quotetool softsearch softcheck softinquiry softenquiry softpull personalisedrate personalizedrate nosearch nocreditsearch nocheck nocreditcheck nohard noinquiry noenquiry"
        ),
        precheck,
    ),
    "e48_student_payee": (
        _words(
            "tothecollege totheuniversity totheschool totheinstitute totheinstitution tothecampus tocollege"
            " touniversity collegegets schoolgets universitygets institutegets institutiongets"
        ),
        student_payee,
    ),
    "e37_notice": (
        _words(
            "collect claim confirm reply tap click visit sign release receive pickup pickitup accept activate"
            " comein comeand comeget justcome redeem withdraw spend foryou inyourname"
            # session 38: the act left to the addressee or the addressee as beneficiary
            " comegrab grab draw dial press itll itwill underyour againstyour"
            # session 39: the addressee's one gesture left, the money's own verb
            " swipe thumbsup goahead waitingon waitson waitingfor waitsfor missingis needsyour needsjust"
            " needsonly needsa needyour saytheword sayyes saygo hitaccept hitconfirm hitclaim hitwithdraw"
            " hitdraw hitgo hitreceive hityes hitok"
            # session 40: code-mixing's claims
            " collectam deywait bhej dabao karo lelo bonyeza upate chukua yoursfrom yoursat yoursnow"
            " yourstoday yourstonight yourstomorrow yourstouse yourstospend yourstokeep yourstodraw"
        )
        + _pairs(
            "inyour onyour intoyour toyour ontoyour",
            "number profile account app wallet card name phone id mobile file record mpesa bankingapp",
        )
        + _pairs(
            "lands land drops drop hits hit clears clear arrives arrive ispaid getspaid",
            "inyour intoyour onyour toyour straightin straightinto rightin rightinto directlyin directlyinto",
        ),
        notice,
    ),
    "e38_sure": (
        _words(
            "refus reject declin down knock sayno saidno sayingno saysno bounc fail denied comeback"
            # session 40: the form layer's challenges, rhetorical questions and negated existentials
            " whove whohave whohas nameme nameone namea showme findme tellme pointto whenhas whenhave"
            # session 41: the implied answer
            " pointme askanyone askanybody askaround askthe askpeople iwillwait illwait imwaiting"
            " thinkso thoughtnot thoughtso thoughtasmuch exactly precisely nope ofcourse courseit coursethey"
            " coursenot knowtheanswer answerthat restmycase enoughsaid caseclosed yourstruly muggins obviously"
            " naturally youbet notonce neveronce nochance notachance rhetorical answersno answerisno"
            " whendid whenwas sincewhen howmany yetto emptyhand thereisnt therearent therewasnt theresno"
            " theresnot thereisno thereareno notone notasingle nobody noone nosingle noclient nocustomer"
            " nofile noborrower noapplicant nocase nodeal nomember noreferral nobuyer nofarmer noperson"
            # session 39: universals and negated worlds
            " every anything whatever eachand eachone eachfile imagine picture thinkof recall universe"
            " world scenario seen watched known binn allmy allour allthe"
            " notgo notget notcome notbe notpass nothappen notwork asgoodas sail breeze glide through"
            " knife inthebag alock adonedeal asurething aslamdunk adeadcert acert abanker ashooin betmy"
            " betthe eatmyhat"
        ),
        sure,
    ),
    "e38_night": (
        _words(
            "round comeby comeover comeknocking stopby dropin dropby popround popover popby knock outside"
            " bewaiting beatyour bethere doorstep turnup showup visit swingby expectus expecta expectcompany"
            " expectsomeone expectour"
        ),
        night,
    ),
    "e38_nocheck": (
        _words(
            "creditfile creditreport credithistory creditscore creditrecord creditrating creditcheck bureau"
            " cibil experian equifax transunion onyourfile onyourrecord itc crb ctos ccris blacklist"
        ),
        nocheck,
    ),
    # session 50 (precision): no credit check for an account service; a zero interest that is not the lender's offer
    "e50_practice_denied": (
        _words(
            "arrest jail prison imprison custody noone nobody blocked barred switchedoff disabled hardcoded cantdial"
            " cannotdial neverdial dontdial donotdial wontdial cantcall cannotcall nevercall dontcall donotcall wontcall"
            " nodeycall cantring cannotring neverring dontring wontring placecalls brokeour brokethe againstour"
            " authorised authorized hasbeen nolonger"
        ),
        practice_denied,
    ),
    "e50_money_returned": (
        _words(
            "refund reversal reversed moneyback reimburs creditedback paidbacktoyou returnedtoyour"
        ),
        money_returned,
    ),
    "e50_pidgin_payout": (_words("donapprove doneapprove donpass donepass"), pidgin_payout),
    "e50_lender_side": (
        _words("guarantee tranche drawdown stagepayment disbursement"),
        lender_side,
    ),
    "e50_service_nocheck": (
        _words(
            "creditcheck creditsearch creditreport creditenquir creditinquir creditfile credithistory creditrecord creditpull"
            " bureau cibil"
        ),
        service_nocheck,
    ),
    "e50_free_not_offered": (
        _words("interest apr 0emi 0%emi 0instal 0%instal 0financ 0%financ"),
        free_not_offered,
    ),
    "e49_others_practice": (
        _pairs(
            "some certain other many afew several shady illegal rogue predatory fake unlicensed unlicenced dodgy"
            " unregistered bad",
            "app apps lender lenders compan firm collector agent agenc loan shark platform outfit",
        ),
        others_practice,
    ),
    "e49_bereavement": (
        _words(
            "condolence sorryforyourloss sorrytohear passedaway passing bereave deathcertificate deathof hasdied"
            " haddied deceased executor estate"
        ),
        bereavement,
    ),
    "e49_liable_notice": (
        _words(
            "youcosigned youvecosigned youhavecosigned youcosigned youguaranteed youstood yousignedas asco ascosigner"
            " asa asthe asguarantor assurety asjoint youreaco youareaco youreaguarantor youareaguarantor youreajoint"
            " youareajoint youreco youareco youreguarantor youareguarantor youthe youarethe yourethe youarenamed"
            " yourenamed coapplicantsshare coapplicantshare coapplicantsare coborrowersshare coborrowersare"
            " jointborrowersshare jointborrowersare guarantorsshare guarantorsare"
        ),
        liable_notice,
    ),
    "e37_lure": (
        _words(
            "dontbethe dontlet yourturn catchup keepup deserve treatthe treatyour treatur treatthem treather"
            " treathim livelike emptyhanded stuckathome leftout missyour missthe missout exceptyou withoutyou"
            " goingto booking booked areall haveall justgot gotanew gotthenew areat allhave"
            # session 38: occasions
            " wedding birthday christening baptism namingceremony graduation prom eid raya diwali deepavali"
            " christmas xmas newyear hanukkah honeymoon anniversary party reunion festival ceremony sixteen"
            " mitzvah hendo stagdo babyshower backtoschool holiday vacation turns celebrat festive angpow pow"
            " asoebi lobola brideprice engagement trip"
        ),
        lure,
    ),
}
