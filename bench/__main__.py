"""`make bench`: prints the figures the issues set targets for.

1. Program search over the full SAMHSA directory, on SQLite and on PostgreSQL
   (p50/p95, and the importer's wall time).
2. This assistant next to an untouched `rasa init` assistant, trained and run in
   the same environment: training time, REST reply latency p50/p95 with 1 and 16
   concurrent conversations, throughput, peak RSS of the Rasa server, the Rasa
   server's CPU time per message in each load run, and messages 56-60 of a
   60-message conversation against messages 1-5 (server CPU and reply time,
   bench/long_conversation.py).
3. Scale-out: the Rasa server with 1 and 2 Sanic workers on the PostgreSQL
   tracker store and the Redis lock store, with the CPU split of each run
   (`bench.scaleout`).
4. The tracker store's retrieve + save per message at messages 1-5 and 56-60 of
   60-message conversations, Rasa's SQLTrackerStore next to the project's, on
   SQLite and PostgreSQL (bench/tracker_store.py).
5. The advisor inbox's search over 100,000 generated handoffs, on SQLite and
   PostgreSQL, against issue 14's p95 < 50 ms (bench/inbox_search.py; alone:
   `make bench-inbox`).

Figures, not tests: the machine is shared and noisy, so compare medians across runs.
`python -m bench --only scaleout --scaleout-rounds 1` runs one part, smaller.
"""

import argparse
import sys

from bench import conversation, inbox_search, scaleout, search, tracker_store

PARTS = ("search", "conversation", "scaleout", "tracker_store", "inbox_search")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part (repeatable)")
    parser.add_argument("--scaleout-concurrency", type=int, default=8)
    parser.add_argument("--scaleout-rounds", type=int, default=3)
    args = parser.parse_args(argv)
    parts = args.only or PARTS
    if "search" in parts:
        print("== Program search (full directory) ==", flush=True)
        search.main([])
    if "conversation" in parts:
        print("\n== Conversations: this assistant vs rasa init ==", flush=True)
        print(conversation.run(), flush=True)
    if "scaleout" in parts:
        print("\n== Scale-out: 1 and 2 Sanic workers (PostgreSQL tracker store, Redis locks) ==", flush=True)
        print(scaleout.run(args.scaleout_concurrency, args.scaleout_rounds), flush=True)
    if "tracker_store" in parts:
        print("\n== Tracker store: cost per message as the conversation grows ==", flush=True)
        tracker_store.main(["--conversations", "3"])
    if "inbox_search" in parts:
        print("\n== Inbox search: 100,000 handoffs (issue 14, p95 < 50 ms) ==", flush=True)
        inbox_search.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
