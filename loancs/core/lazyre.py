"""Regular expressions compiled the first time they are used, not when their module is
imported.

``loancs check`` runs once per message, so the engine's import is part of every answer; its
few dozen module-level patterns (several with whole CJK ranges, which CPython's compiler walks
character by character) cost more to compile than most checks use. A module writes
``_X = lazy_compile(r"...")`` where it would write ``re.compile``; only the methods the engine
calls are offered. The first call compiles once and swaps the bound methods in, so later calls
pay one attribute lookup more than a plain pattern.

A process that will run again (``loancs check`` with its rules cache) also keeps what the
compiler made: :func:`code_blob` is every lazy pattern's compiled program, and
:func:`use_code_blob` lets the next process build its patterns from it without compiling.
That uses CPython's own ``re._parser`` / ``re._compiler._code`` / ``_sre.compile`` (what
``re.compile`` itself calls); the rules cache is keyed by the Python version, and a program
that cannot be used falls back to compiling, so the worst case is the compile it saves.

Session 39: every program is compressed on its own under a digest of its (pattern, flags)
(:func:`_digest`), and only the ones a check uses are ever unpacked (~5 us each): loading the
rule set reads a dict of byte strings (~0.1 ms, against ~3 ms to decompress one blob), and the
``lazy_compile(..., cached=False)`` patterns (a reader's act side, a rare shape; compiled at the
first check of every process until session 38: ~6 ms) are kept too, in a second section
(:func:`stored_blob`; ``lazy_compile(...)`` ones in :func:`code_blob`). A new pattern needs
nothing but ``lazy_compile``: every lazy pattern made by a module imported when the cache is
written is stored in one section or the other; a pattern whose text or flags change has
another digest, so it compiles (and the cache's key, a hash of the engine's code, changes
too). Either flag costs the cache ~0.5 kB a pattern and nothing at
load; ``cached=False`` only keeps a pattern out of :func:`code_blob`'s bound (see
tests/test_compliance_speed_cache.py).

A pattern does not hold a function for each method until it is first used (``__getattr__``
compiles it, then fills the slots with the compiled pattern's own methods): the ~700 patterns
cost the engine's import ~0.7 ms instead of ~5,000 closures.

Session 41: that ``__getattr__`` lives on :class:`_Fresh`, the class a pattern has until its
first use, and ``compiled()`` sets the pattern's class back to :class:`LazyPattern`, which has
none. A class with ``__getattr__`` sends EVERY attribute read through CPython's getattr hook
(``slot_tp_getattr_hook``) and the interpreter cannot specialise ``pattern.search`` into a plain
slot read: ~20 k instructions a check on the compliance bench (s40's callgrind). Same slots,
same answers, same pickling; ``isinstance(p, LazyPattern)`` holds for both.
"""

from __future__ import annotations

import importlib
import pickle
import re
import zlib
from array import array
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")
# every lazy pattern made in this process (for code_blob) and programs from a cache
_ALL: dict[tuple[str, int], None] = {}
_PROGRAMS: dict[tuple[str, int], tuple[Any, ...]] = {}
# the cached=False patterns (for stored_blob), and their programs from a cache: each
# compressed on its own, by digest, unpacked when the pattern is first used
_COLD: dict[tuple[str, int], None] = {}
_STORED: dict[tuple[int, int, int, int], bytes] = {}
# the programs this process packed for a rules cache (see _entries), by digest
_PACKED: dict[tuple[int, int, int, int], bytes] = {}


class LazyPattern:
    __slots__ = (
        "pattern",
        "flags",
        "_compiled",
        "search",
        "match",
        "fullmatch",
        "finditer",
        "findall",
        "sub",
        "split",
    )

    search: Callable[..., re.Match[str] | None]
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[..., str]
    split: Callable[..., list[str | Any]]

    def __init__(self, pattern: str, flags: int = 0, cached: bool = True) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None
        # (the method slots stay empty until the first use: see _Fresh.__getattr__)
        (_ALL if cached else _COLD)[(pattern, flags)] = None
        direct = type(self) is LazyPattern
        if direct:  # made as LazyPattern(...) (a test, an unpickled one): fresh until compiled()
            self.__class__ = _Fresh

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if nothing has used it yet)."""
        if self._compiled is None:
            self._compiled = compiled = _from_program(self.pattern, self.flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
            fresh = type(self) is _Fresh
            if fresh:
                self.__class__ = LazyPattern  # slots filled: no getattr hook from now on
        return self._compiled

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


class _Fresh(LazyPattern):
    """A :class:`LazyPattern` nothing has used yet (same slots): the first read of a method
    compiles it, and :meth:`LazyPattern.compiled` makes it a plain :class:`LazyPattern`."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        # only reached while a method's slot is empty: the first use compiles and fills them
        if name in _METHODS:
            return getattr(self.compiled(), name)
        raise AttributeError(name)


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0, cached: bool = True) -> LazyPattern:
    return _Fresh(pattern, int(flags), cached)  # (no class change at import: ~700 of them)


def _set_first(parsed: Any, constants: Any) -> None:
    """A pattern that starts with a repeated set (``[a-z]+``, ``[^x]{2,}``) is tried at every
    position of the text, a Python-level step each; the same pattern written as the set and
    then its repeat (``[a-z][a-z]*``, what ``rates._SPACES_RE`` spells out by hand) lets sre
    scan for the set's first character in C. Rewrites ``parsed`` so (the same matches)."""
    data = parsed.data
    if not data or data[0][0] is not constants.MAX_REPEAT:
        return
    low, high, item = data[0][1]
    if low < 1 or high == 1 or len(item.data) != 1 or item.data[0][0] is not constants.IN:
        return
    rest = (low - 1, high if high == constants.MAXREPEAT else high - 1, item)
    data[0:1] = [item.data[0], (constants.MAX_REPEAT, rest)]


def _first_chars(items: Any, k: Any) -> tuple[list[tuple[Any, Any]] | None, bool]:
    """The characters a match of ``items`` (a parsed sequence) may start with, as charset
    items (literals, ranges, categories such as \\d), and whether ``items`` may match empty;
    None when that is not known (any character, a negated set, a back-reference...)."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is k.LITERAL:
            out.append((op, av))
            return out, False
        if op is k.IN:
            if not all(o in (k.LITERAL, k.RANGE, k.CATEGORY) for o, _ in av):
                return None, False  # a negated set, or one the flags fold
            out.extend(av)
            return out, False
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            continue  # zero width: the match starts at what follows
        empty = False
        if op is k.SUBPATTERN:
            if av[1] or av[2]:
                return None, False  # inline flags: (?i:...)
            found, empty = _first_chars(av[3], k)
        elif op is k.ATOMIC_GROUP:
            found, empty = _first_chars(av, k)
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            found, empty = _first_chars(av[2], k)
            empty = empty or av[0] == 0
        elif op is k.BRANCH:
            found = []
            for branch in av[1]:
                more, may_be_empty = _first_chars(branch, k)
                if more is None:
                    return None, False
                found += more
                empty = empty or may_be_empty
        else:
            return None, False
        if found is None:
            return None, False
        out += found
        if not empty:
            return out, False
    return out, True


# what else matches an ASCII letter under re.IGNORECASE (str patterns): İ ı for i, K (the
# Kelvin sign) for k, ſ for s (tests/test_compliance_speed_regex.py checks every code point)
_OTHER_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _case_forms(items: list[tuple[Any, Any]], k: Any) -> list[tuple[Any, Any]] | None:
    """First-set ``items`` of a case-folding pattern as the characters that match them
    (sre's first-set scan compares characters as they are): each ASCII letter in every case
    form; None when another cased character, a wide range or a category other than \\s and
    \\d is among them."""
    iscased = k._get_iscased(k.SRE_FLAG_IGNORECASE)
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is k.LITERAL:
            codes = [av]
        elif op is k.RANGE and av[1] - av[0] < 256:
            codes = list(range(av[0], av[1] + 1))
        elif op is k.CATEGORY and av in (k.CATEGORY_SPACE, k.CATEGORY_DIGIT):
            out.append((op, av))  # no character folds into or out of \s or \d
            continue
        else:
            return None  # another category or a wide range
        for code in codes:
            ch = chr(code)
            if not iscased(code):
                out.append((k.LITERAL, code))
            elif ch.isascii() and ch.isalpha():
                low = ch.lower()
                forms = low + low.upper() + _OTHER_CASES.get(low, "")
                out.extend((k.LITERAL, ord(c)) for c in forms)
            else:
                return None
    return out


def _with_first_set(code: list[Any], first: list[Any], flags: int, compiler: Any) -> list[Any]:
    """``code`` with its info block replaced by one holding ``first`` (items of the parsed
    form) as the set of characters a match may start with; ``code`` unchanged when the set
    cannot be built case-exact."""
    k = compiler
    charset, cased = compiler._optimize_charset(first)
    if cased:
        return code
    info = [k.INFO, 0, k.SRE_INFO_CHARSET, code[3], code[4]]
    compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    return info + code[1 + code[1] :]


def _scanned(code: list[Any], parsed: Any, flags: int, compiler: Any) -> list[Any]:
    """``code`` with the set of characters a match can start with in its info block, when
    the compiler found neither a literal prefix nor a first set (a pattern that opens with
    an optional group, a branch of groups or a lookbehind: ``(?:till|until) ...``, ``(?P<pre>
    今晚|...)?\\s*[0-9]``): ``search`` and ``finditer`` then skip in C to where one of them
    stands instead of trying the whole pattern at every position. Matching is unchanged
    (the set is only where sre may start trying); a case-folding pattern's set holds every
    case form of its letters (see :func:`_case_forms`)."""
    k = compiler
    if (
        len(code) < 5
        or code[0] is not k.INFO
        or code[2] != 0  # a prefix or a first set already
        or code[3] == 0  # may match empty: every position is a start
        or flags & k.SRE_FLAG_LOCALE
    ):
        return code
    first, empty = _first_chars(parsed.data, k)
    if not first or empty:
        return code
    if flags & k.SRE_FLAG_IGNORECASE:
        first = _case_forms(first, k)
        if first is None:
            return code
    return _with_first_set(code, first, flags, compiler)


@lru_cache(maxsize=2)
def _bmp_chars(kind: str) -> tuple[int, ...]:
    """The BMP's decimal digits (\\d for str patterns: ``str.isdecimal``) or whitespace
    (\\s: ``str.isspace``), read from this interpreter's Unicode tables (~5 ms, once, when
    a program is built: a warm ``loancs check`` reads programs from the rules cache)."""
    test = str.isdecimal if kind == "digit" else str.isspace
    return tuple(code for code in range(0x10000) if test(chr(code)))


def _spelled_out(code: list[Any], parsed: Any, flags: int, compiler: Any) -> list[Any]:
    """``code`` whose info block's set of first characters holds \\d or \\s (sre tests
    those by calling the Unicode database for each character of the text it scans) with
    them spelled out: the BMP's digits or spaces as one bitmap (a table lookup a character),
    and for \\d every character past the BMP (none of them is a space; a digit there is
    still tested by the pattern itself). The set is only where sre starts trying the
    pattern, and it holds every character the old one did: the matches are the same."""
    k = compiler
    if (
        len(code) < 5
        or code[0] is not k.INFO
        or not code[2] & k.SRE_INFO_CHARSET
        or flags & (k.SRE_FLAG_LOCALE | k.SRE_FLAG_ASCII | k.SRE_FLAG_IGNORECASE)
    ):
        return code
    first, empty = _first_chars(parsed.data, k)
    if not first or empty:
        return code
    items: list[tuple[Any, Any]] = []
    spelled = False
    for op, av in first:
        if op is k.CATEGORY and av in (k.CATEGORY_DIGIT, k.CATEGORY_SPACE):
            digit = av is k.CATEGORY_DIGIT
            items += [(k.LITERAL, c) for c in _bmp_chars("digit" if digit else "space")]
            if digit:
                items.append((k.RANGE, (0x10000, 0x10FFFF)))
            spelled = True
        elif op is k.CATEGORY:
            return code  # another category (\\w...): left to sre
        else:
            items.append((op, av))
    if not spelled:
        return code
    return _with_first_set(code, items, flags, compiler)


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """What ``re.compile(pattern, flags)`` hands to ``_sre.compile`` (CPython 3.11+), with a
    leading repeated set read as the set then the rest (see :func:`_set_first`)."""
    parser: Any = importlib.import_module("re._parser")
    compiler: Any = importlib.import_module("re._compiler")
    parsed = parser.parse(pattern, flags)
    constants = importlib.import_module("re._constants")
    _set_first(parsed, constants)
    code = _scanned(compiler._code(parsed, flags), parsed, flags | parsed.state.flags, compiler)
    code = _spelled_out(code, parsed, flags | parsed.state.flags, compiler)
    code = [int(op) for op in code]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _digest(pattern: str, flags: int) -> tuple[int, int, int, int]:
    """What names a program in :func:`stored_blob`: the pattern's length, flags, CRC-32 and
    Adler-32 (zlib's, already loaded: a warm process starts no hashlib). Two patterns that
    share all four are ~1 in 10^15 for the few hundred a cache holds."""
    text = pattern.encode("utf-8", "surrogatepass")
    return (len(pattern), flags, zlib.crc32(text), zlib.adler32(text))


def _unpacked(pattern: str, flags: int) -> tuple[Any, ...] | None:
    """The program :func:`use_stored_blob` keeps for this pattern (kept: two modules may
    make the same pattern)."""
    packed = _STORED.get(_digest(pattern, flags))
    if packed is None:
        return None
    try:
        program = pickle.loads(zlib.decompress(packed))  # noqa: S301 - our own cache
    except Exception:  # noqa: BLE001 - damaged: compile instead
        return None
    return program if isinstance(program, tuple) and len(program) == 5 else None


def _from_program(pattern: str, flags: int) -> re.Pattern[str]:
    program = _PROGRAMS.get((pattern, flags))
    if program is None and _STORED:
        program = _unpacked(pattern, flags)
    if program is None:
        try:
            program = _program(pattern, flags)
        except Exception:  # noqa: BLE001 - internals differ: re.compile below
            program = None
    if program is not None:
        try:
            if isinstance(program[1], bytes):  # from a code blob: the code as 32-bit words
                program = (program[0], array("I", program[1]).tolist(), *program[2:])
            sre: Any = importlib.import_module("_sre")
            compiled = sre.compile(pattern, *program)
        except Exception:  # noqa: BLE001 - another interpreter's program: compile instead
            compiled = None
        if isinstance(compiled, re.Pattern) and compiled.pattern == pattern:
            return compiled
    return re.compile(pattern, flags)


def _packed(pattern: str, flags: int) -> tuple[Any, ...]:
    """The pattern's program with its code as the bytes of its 32-bit words (kept as the list
    on a build whose words are wider)."""
    program = _program(pattern, flags)
    try:
        words = array("I", program[1])
    except OverflowError:  # a word wider than 32 bits (another build): kept as the list
        return program
    if words.itemsize == 4:
        program = (program[0], words.tobytes(), *program[2:])
    return program


def _entries(keys: list[tuple[str, int]]) -> bytes:
    """The programs of ``keys`` as a pickled dict from each one's digest to its program,
    compressed alone (a process unpacks only the programs it uses)."""
    entries: dict[tuple[int, int, int, int], bytes] = {}
    for pattern, flags in keys:
        digest = _digest(pattern, flags)
        # a program this process read from a rules cache (written by this code on this
        # Python: the cache's key holds both) or packed before: the bytes it packs to
        packed = _STORED.get(digest) or _PACKED.get(digest)
        if packed is None:
            try:
                program = _packed(pattern, flags)
            except Exception:  # noqa: BLE001,S112 - internals differ: that pattern just compiles
                continue
            data = pickle.dumps(program, protocol=pickle.HIGHEST_PROTOCOL)
            packed = _PACKED[digest] = zlib.compress(data, 9)
        entries[digest] = packed
    return pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)


def code_blob() -> bytes:
    """Every lazy pattern of this process, compiled, as bytes for :func:`use_code_blob`.

    Each program's code (a list of ~400 ints on average) is kept as the bytes of its 32-bit
    words, compressed: ~0.44 kB a pattern in the rules cache instead of ~4 kB as a pickled
    list. Until session 38 the whole blob was compressed as one and read at every load
    (~3 ms of each ``loancs check``); each program is compressed alone now (+7 kB for ~400)
    and unpacked when its pattern is first used (~5 us). (The ``cached=False`` ones:
    :func:`stored_blob`, the same form.)"""
    return _entries(list(_ALL))


def stored_blob() -> bytes:
    """Every ``cached=False`` lazy pattern of this process (not also in :func:`code_blob`),
    compiled, for :func:`use_stored_blob` (as :func:`code_blob`: ~0.5 kB a pattern)."""
    return _entries([key for key in list(_COLD) if key not in _ALL])


def unregistered(make: Callable[..., Any], *args: Any) -> Any:
    """``make(*args)``, the lazy patterns it makes (a rule set unpickled only for what its
    cache entry holds besides it) not counted as this process's: :func:`code_blob` and
    :func:`stored_blob` stay what they were, pattern for pattern and in the same order."""
    kept, cold = dict(_ALL), dict(_COLD)
    try:
        return make(*args)
    finally:
        _ALL.clear()
        _ALL.update(kept)
        _COLD.clear()
        _COLD.update(cold)


def use_stored_blob(blob: bytes) -> None:
    """Keep the programs of ``blob`` (see :func:`stored_blob`) for the patterns' first use."""
    try:
        entries = pickle.loads(blob)  # noqa: S301 - our own cache
    except Exception:  # noqa: BLE001 - damaged: compile as usual
        return
    if isinstance(entries, dict):
        _STORED.update(entries)


def use_code_blob(blob: bytes) -> None:
    """Build lazy patterns from ``blob`` (see :func:`code_blob`) instead of compiling them."""
    use_stored_blob(blob)
