"""English registers read as standard English (session 31).

Agents and collectors write Singlish ("confirm can one lah"), Nigerian pidgin ("we no dey check
am", "we go reach your office"), Hinglish ("CIBIL nahi dekhte", "tension mat lo"), Jamaican patois
("mi a go call yuh madda"), Scots ("dinnae fash, ye'll get it nae bother"), Swahili / Taglish
words and texting shorthand ("u", "ur", "dnt wry", "a wk"). The rule packs' concepts are
written in standard English, so each of those ideas was a miss unless someone had listed the
register's own words. :func:`standard_reading` rewrites a register's words and word orders to
standard English, with a map from every character of the rewrite back to the original, so the
whole English pack reads the rewrite and its hits land on the original words.

Pure and cheap where it does not apply: a text with hanzi is never read (Chinese answers do not
move), and the gate is one split of the lower-cased text against a set of register words that
standard English does not use.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loancs.core.compliance.pinyin import reads_as_pinyin
from loancs.core.lazyre import lazy_compile


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Words that mark a register and that standard English does not use as words (a text without
# one is not read at all). Common English words that are also register words ("go", "one",
# "am", "na") are rewritten only inside a text that carries one of these.
_MARKERS = frozenset(
    _split(
        """
    mahina mahine roz rozana saal hafta efcc sebulan sehari seminggu setahun masuk pinjaman lulus semak gaji tak bol bola bataya
    kaha kya sach ekdum inna gaya gayi diya 💯 2day 2moro 2morrow 2nite aapka aapke aapki abeg abhi abi aboot abt affi agad amo approvd
    aprv aprvd askari aur b4 baad babylon bairn bairns bas batayenge bcos bcoz bhai bhejenge
    bhejo bila bilkul boh bojio bro bulayenge cannae cant ccris chalega chek chk chop comot cos
    coz ctos cuz cyaan dat dekhenge dekhte dem denge dey di didnae didnt dinnae dis dnt don dont
    ehn fadda fash fi fir frae ghar gonna gotta gwaan gwine hai hain hakuna har haraka ho hoga
    hoose hor hun idk im isnae jaayega jaega jare jayega kapitbahay kar karenge karo karte
    kpatakpata kuch lah leh lelo liddat lmao lol lor luv madda meh mein mek mi milega mkopo
    mnth msg mth nae nahi nahin nd nuh oga oso padega padosi paisa paise pakka pesa pickney
    pikin pls plz polis polisi ppl pukka pulis r rishtedaar sabi sabko samjhe sef seh shey
    shishi sia sigurado tae tek thana thane thru ting tmr tmrw tonite tumhara tumhare turant txt
    txted u una unu ur uske utang wah wahala walang wanna watoto wean weans wetin wi willnae
    wisnae wk wks wont wory wry wullnae ya yaar ye ye'd ye'll ye're ye've yer yersel yr yuh
    """
    )
)

# Rewrites, one a line: a register word or phrase (lower case, single spaces) = its standard
# English (empty: a particle dropped). Longer keys win where two start at the same place.
_WORDS: dict[str, str] = dict(
    (key.strip(), value.strip())
    for key, _, value in (
        line.partition("=")
        for line in """
mahina = a month
mahine = a month
har mahine = every month
roz = a day
rozana = daily
saal = a year
har saal = every year
hafta = a week
no go = won't
consider am = consider it
carry you = arrest you
come carry = come and arrest
efcc = the police
sebulan = a month
sehari = a day
seminggu = a week
setahun = a year
masuk = in
pinjaman = loan
lulus = approved
tak payah = no need to
tak perlu = no need to
semak = check
gaji = salary
bol raha tha = said
bol rahi thi = said
bol rahe the = said
bola = said
boli = said
bataya = said
kaha = said
keh raha tha = said
kya sach hai = is that true
sach hai kya = is that true
kya yeh sach hai = is that true
kya ye sach hai = is that true
💯 = 100%
lah =
leh =
lor =
meh =
hor =
sia =
liddat = like that
oso = also
also can = still can
confirm can = definitely can
confirm approve = definitely approved
confirm get = definitely get
confirm will = will definitely
confirm plus chop = definitely
sure can = definitely can
can one = can
also we = we still
boh = no
no dey = don't
dey = are
abeg = please
wetin = what
wahala = problem
no wahala = no problem
una = you
sef = even
sabi = know
comot = leave
pikin = child
pikin dem = children
shishi = nothing
abi = right
kpatakpata = at all
jare =
ehn =
oga = boss
sharp sharp = immediately
don scale through = is approved
scale through = be approved
carry police come = bring the police to
carry police = bring police
wi = we
aw = all
ctos = credit record
ccris = credit record
crb = credit
sabko bata denge = we will tell everyone
sab ko bata denge = we will tell everyone
don pass = is approved
don approve = is approved
don land = is approved
don enter = is approved
don ready = is ready
don clear = is approved
done approve = is approved
done approved = is approved
done pass = is approved
done sanction = is approved
done sort = is sorted
done fix = is approved
done fix up = is approved
inna yuh account = in your account
inna yuh hand = in your hand
inna = in
a reach = will reach
approve ho gaya = is approved
approve ho gaya hai = is approved
approve ho gayi hai = is approved
pass ho gaya = is approved
pass ho gayi = is approved
pass ho gaya hai = is approved
pass ho gayi hai = is approved
clear karwa diya = has been approved
clear karwa diya hai = has been approved
clear kar diya = has been approved
clear kar diya hai = has been approved
credit ho jayega = will be credited
aa jayega = will come
account mein = in your account
money a come = money is coming
cash a come = cash is coming
funds a come = funds are coming
ekdum = absolutely
loan will sanction = loan will be sanctioned
will sanction for sure = will be sanctioned for sure
na just = it's just a
na only = it's only a
na = it's
your mama = your mother
your papa = your father
go hear am = will hear it
hear am = hear it
see am = see it
tell am = tell him
look am = look at it
check am = check it
collect am = collect it
pay am = pay it
yaar =
bhai =
nahi = not
nahin = not
pakka = guaranteed
pukka = guaranteed
bilkul = absolutely
hai = is
hain = are
ho jayega = will be done
ho jaega = will be done
ho jaayega = will be done
pass ho jayega = will definitely be approved
mil jayega = you will get it
milega = will be given
chalega = is fine
baad mein = later
baad me = later
tension mat lo = don't worry
tension mat le = don't worry
tension nahi = no worry
no tension = no worry
tension baad mein = worry later
ka tension baad mein lena = worry later
ki tension baad mein lena = worry later
paisa = money
paise = money
turant = instantly
abhi = now
bhejo = send
bas = just
aur = and
kuch nahi dekhte = we don't check anything
nahi dekhte = we don't check
nahi dekhenge = we won't check
check nahi karte = we don't check
check nahi karenge = we won't check
nahi karte = we don't check
fir ho jayega = we will file a police report against you
fir karenge = we will file a police case
fir = police report
thane mein = in the police station
thana = police station
thane = police station
baithna padega = you will have to sit
jail jana padega = you will go to jail
samjhe = understand
lelo = take
le lo = take
karo = do
hoga = will be done
uske baad = after that
ke baad = after
baad hi = only after
aapka = your
aapke = your
aapki = your
tumhara = your
tumhare = your
tera = your
tere = your
ghar = home
ghar wale = your family
gharwale = your family
gharwalon = your family
rishtedaar = relatives
rishtedaron = relatives
padosi = neighbours
padosiyon = neighbours
sabko = everyone
batayenge = will be told
bata denge = will be told
bulayenge = will be called
bula lenge = will be called
bhejenge = will be sent
bhej denge = will be sent
jail = jail
fir kar denge = we will file a police report against you
fir karwa denge = we will file a police report against you
yuh = you
yuh madda = your mother
yuh fadda = your father
yuh pickney = your children
yuh wife = your wife
yuh boss = your boss
yuh work = your work
yuh family = your family
yuh yard = your home
mi a go = I am going to
mi ago = I am going to
ago = is going to
unu = you
nuh = don't
mi = I
fi sure = for sure
fi = to
di = the
dis = this
dat = that
dem = they
seh = that
madda = mother
fadda = father
pickney = children
babylon = police
cyaan = can't
affi = have to
tek = take
mek = make
har = her
a go = is going to
gwaan = going to
gwine = going to
wah = what
ting = thing
sen = send
ye = you
ye'll = you'll
ye're = you're
ye've = you've
ye'd = you'd
yer = your
yersel = yourself
nae = no
dinnae = don't
cannae = can't
willnae = won't
wullnae = won't
didnae = didn't
isnae = isn't
wisnae = wasn't
dinnae fash = don't worry
nae bother = no problem
fash = worry
polis = police
weans = children
wean = child
bairns = children
bairn = child
frae = from
tae = to
aboot = about
hoose = house
an' = and
hakuna = no
pesa = money
mkopo = loan
haraka = fast
bila = without
polisi = police
askari = police
watoto = children
walang = no
sigurado = sure
agad = immediately
utang = debt
pulis = police
kapitbahay = neighbours
amo = boss
u = you
ur = your
r = are
dnt = don't
dont = don't
wry = worry
wory = worry
abt = about
pls = please
plz = please
b4 = before
2day = today
2moro = tomorrow
2morrow = tomorrow
tmrw = tomorrow
tmr = tomorrow
2nite = tonight
tonite = tonight
nd = and
cos = because
coz = because
cuz = because
bcos = because
bcoz = because
ppl = people
msg = message
txt = text
txted = texted
thru = through
gonna = going to
wanna = want to
gotta = got to
ya = you
luv = love
lol =
lmao =
idk = I don't know
im = I'm
cant = can't
wont = won't
didnt = didn't
wk = week
wks = weeks
mnth = month
mth = month
yr = year
chk = check
chek = check
aprvd = approved
aprv = approve
approvd = approved
hun =
""".strip().splitlines()
    )
)
# English words that are register words only in a register's grammar: "we go reach your
# office" (pidgin future), "we never check one" (Singlish), "tell har seh yuh owe" (patois)
_GO_AFTER = _split("i we dem they una you u he she e people boys agents")
_ONE_AFTER = _split("check approve approved pass see look get give lend care ask sure also got")
_ONE_AFTER += _split("never don't dont can cannot can't")
_NEGATORS = _split("nuh no don't dont never nae dinnae cannae neva nah")


def _concord(words: str) -> str:
    return (
        words.replace("nobody", "anybody")
        .replace("no one", "anyone")
        .replace("nothing", "anything")
    )


def _hi_nocheck(words: str) -> str:
    """The Hindi "no check" clause in standard English by who it is said of and how: said to or
    asked of the agent ("aap log CIBIL check nahi karte na?") it is the asker's question, not our
    claim; the passive ("CIBIL check nahi hota") stays passive, so "aisa nahi hai ki ..." (it is
    not true that ...) reads as the denial it is."""
    asked = words.endswith("?")
    if words.startswith(("aap ", "tum ")) or (asked and not _HI_PASSIVE.search(words)):
        return "you don't check credit" + ("?" if asked else "")
    if _HI_PASSIVE.search(words):
        return "credit is not checked" + ("?" if asked else "")
    return "we don't check your credit"


_HI_PASSIVE = lazy_compile(r" (?:hota|hoga|jaata|jayega)\b", cached=False)
_SAYERS = _split("agent he she dem lady guy man friend staff officer caller uncle auntie aunty")
_SAYERS += _split("boss oga cousin neighbour neighbor bro sis")
_Rewrite = tuple[str, str, "str | Callable[[str], str]"]
_GRAMMAR: tuple[_Rewrite, ...] = (
    # pidgin future: "we go reach your office"
    (
        "go",
        "(?:"
        + "|".join(rf"(?<=\b{w} )" for w in _GO_AFTER)
        + r")go(?= [a-z])(?! (?:to|and|home|out"
        r"|back|there|ahead|through|on|with|for|away|up|down|over|in|off|get|find|by|round|around"
        r"|further|into|far|beyond|bust|public|live|wrong)\b)",
        "will",
    ),
    # Singlish "X one" closing a clause: "we never check one"
    (
        "one",
        "(?:" + "|".join(rf"(?<=\b{w} )" for w in _ONE_AFTER) + r")one\b(?! (?:of|more|day|time|who"
        r"|that|which|month|week|year|loan)\b)",
        "",
    ),
    # Hindi order, object first and the negated verb last: "CIBIL-shibil kuch nahi dekhte"
    (
        "hi_nocheck",
        r"(?:\b(?:aap|tum)(?: log)? )?"
        r"\b(?:cibil|credit|score|record|history|crb|bureau|report)(?:[- ][a-z]+)?(?: (?:ka|ki|ke"
        r"|kuch|bhi|vagaira|wagera|waghera|koi|ko|ya|sab))*(?: check)? (?:nahi|nahin|nai|nhi|mat)"
        r" (?:dekhte|dekhenge|dekhta|dekhti|dekha|karte|karenge|karta|karti|check|hota|hoga|chahiye"
        r"|dekhna|puchte|poochte|lagta|lagega|jaata|jayega)(?: (?:hai|hain|hum|ham|ji))?\b"
        r"(?: ?(?:kya|na|hai na)? ?\?)?",
        _hi_nocheck,
    ),
    # and its answer: "hum (zaroor / har application ka) CIBIL check karte hain" is "we check
    # your credit" (the denial of a rumour that "CIBIL check nahi hota")
    (
        "hi_check",
        r"\b(?:hum|ham)(?: (?:log|zaroor|jaroor|bhi|sab|har [a-z]+ ka|sabka|aapka|aapki))*"
        r" (?:cibil|credit)(?: (?:score|report))? (?:check|dekhte)(?: (?:karte|karenge|hi karte))?"
        r"(?: (?:hai|hain))?\b(?! (?:nahi|nahin|nai|nhi|mat)\b)",
        "we check your credit",
    ),
)
_GRAMMAR += (
    # the bare verb of telling after a third person is its past in these registers: "the agent
    # say confirm approve one" is a report of what the agent said
    (
        "say",
        "(?:" + "|".join(rf"(?<=\b{w} )" for w in _SAYERS) + r")(?:say|tell)(?= )",
        "said",
    ),
)
_GRAMMAR += (
    # negative concord: "we nuh turn down nobody" is "we don't turn down anybody"
    (
        "concord",
        "(?:"
        + "|".join(rf"(?<=\b{w} )" for w in _NEGATORS)
        + r")(?:[a-z]+ ){1,2}(?:nobody|no one|nothing)\b",
        _concord,
    ),
    # patois "yuh" before a noun is "your"; a plural "dem" after a noun is only its plural
    (
        "yuh_noun",
        r"\byuh(?= (?:[a-z]+s|madda|fadda|wife|husband|boss|work|job|family|house|yard"
        r"|pickney|mother|father|phone|money|loan|account|name|face|church|office|credit|man|woman)\b)",
        "your",
    ),
    ("dem_plural", r"(?<=s) dem\b", ""),
)
_NEW: dict[str, str | Callable[[str], str]] = {name: new for name, _, new in _GRAMMAR}


def _alternation() -> str:
    keys = sorted(_WORDS, key=len, reverse=True)
    words = "|".join(re.escape(k).replace(r"\ ", " +") for k in keys)
    # a particle between a word and punctuation / the end takes its space with it
    grammar = "|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in _GRAMMAR)
    return rf"{grammar}|(?<![\w'’-])(?:{words})(?![\w'’-])(?!\.[a-z])"


_REWRITE = lazy_compile(_alternation(), re.IGNORECASE, cached=False)
_WORD = lazy_compile(r"[a-z0-9'’]+", cached=False)
_SPACES = lazy_compile(r" +", cached=False)
_HANZI = lazy_compile(r"[\u3400-\u9fff]", cached=False)


# the markers as a whitespace split leaves them: bare, or with the punctuation that ends a word
_TOKENS = frozenset(
    m + end for m in _MARKERS for end in ("", ",", ".", "!", "?", "...", "?!", ";", ":")
)


def has_register(text: str) -> bool:
    """Whether ``text`` (any case) carries a register word (cheap: one split)."""
    lower = text.lower()
    if not lower.isascii() and _HANZI.search(lower):
        return False
    return not _TOKENS.isdisjoint(lower.split())


def standard_reading(text: str) -> tuple[str, list[int], list[int], bool] | None:
    """``text`` with its register words in standard English, for each character of the
    rewrite the original span it stands for (starts, ends), and whether the rewrite found a
    report of what someone else said ("the agent say ..."); None where nothing is rewritten
    (no register word, a message in pinyin, or hanzi in the text)."""
    if not has_register(text) or reads_as_pinyin(text):
        return None  # (a message in pinyin is Chinese: the Chinese rules read it)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    reported = False
    for m in _REWRITE.finditer(text):
        word = _SPACES.sub(" ", m.group().lower())
        if m.lastgroup:
            new = _NEW[m.lastgroup]
            if callable(new):
                new = new(word)
        else:
            new = _WORDS.get(word, word)
        reported = reported or new == "said"
        s, e = m.span()
        if new == word:
            continue
        if not new:  # a particle: its space before goes with it ("ok lah." -> "ok.")
            while s > at and text[s - 1] == " ":
                s -= 1
        pieces.append(text[at:s])
        starts.extend(range(at, s))
        ends.extend(range(at + 1, s + 1))
        if new and text[s : s + 1].isupper():
            new = new[:1].upper() + new[1:]
        pieces.append(new)
        starts.extend([s] * len(new))
        ends.extend([e] * len(new))
        at = e
    if not pieces:
        return None
    pieces.append(text[at:])
    starts.extend(range(at, len(text)))
    ends.extend(range(at + 1, len(text) + 1))
    return "".join(pieces), starts, ends, reported
