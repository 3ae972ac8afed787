"""`make bench`: prints the figures the issues set targets for.

1. Program search over the full SAMHSA directory, on SQLite and on PostgreSQL
   (p50/p95, and the importer's wall time).
2. This assistant next to an untouched `rasa init` assistant, trained and run in
   the same environment: training time, REST reply latency p50/p95 with 1 and 16
   concurrent conversations, throughput, peak RSS of the Rasa server.
3. The tracker store's retrieve + save per message at messages 1-5 and 56-60 of
   60-message conversations, Rasa's SQLTrackerStore next to the project's, on
   SQLite and PostgreSQL (bench/tracker_store.py).

Figures, not tests: the machine is shared and noisy, so compare medians across runs.
"""
import sys

from bench import conversation, search, tracker_store


def main() -> int:
    print("== Program search (full directory) ==", flush=True)
    search.main([])
    print("\n== Conversations: this assistant vs rasa init ==", flush=True)
    print(conversation.run(), flush=True)
    print("\n== Tracker store: cost per message as the conversation grows ==", flush=True)
    tracker_store.main(["--conversations", "3"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
