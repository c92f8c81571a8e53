"""Parse one feed file with the Universal Feed Parser and print what it saw as JSON.

Run with Debian's /usr/bin/python3 (python3-feedparser): feedparser is the reference
lenient parser behind many readers, so our tests compare our output with its reading,
not with our own code's.
"""

import calendar
import json
import sys
import time

import feedparser


def iso(parsed):
    # feedparser normalises every date it understands to a UTC struct_time; an
    # unparseable date leaves it None, which the tests must be able to see.
    if parsed is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))


def entry_view(entry):
    content = entry.get("content") or []
    return {
        "id": entry.get("id"),
        "title": entry.get("title"),
        "link": entry.get("link"),
        "published": iso(entry.get("published_parsed")),
        "updated": iso(entry.get("updated_parsed")),
        "summary": entry.get("summary"),
        "content": content[0].get("value") if content else None,
        "tags": [tag.get("term") for tag in entry.get("tags") or []],
    }


def main():
    with open(sys.argv[1], "rb") as handle:
        # Bytes, not a path: a path-like string could be taken for a URL and fetched.
        data = handle.read()
    parsed = feedparser.parse(data)
    exception = parsed.get("bozo_exception")
    print(
        json.dumps(
            {
                "bozo": bool(parsed.get("bozo")),
                "bozoException": None if exception is None else f"{type(exception).__name__}: {exception}",
                "version": parsed.get("version") or "",
                "title": parsed.feed.get("title"),
                "link": parsed.feed.get("link"),
                "entryCount": len(parsed.entries),
                "entries": [entry_view(entry) for entry in parsed.entries],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
