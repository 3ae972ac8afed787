"""`make bench`: prints the figures the issues set targets for.

1. Program search over the full SAMHSA directory, on SQLite and on PostgreSQL
   (p50/p95, and the importer's wall time).
2. This assistant next to an untouched `rasa init` assistant, trained and run in
   the same environment: training time, REST reply latency p50/p95 with 1 and 16
   concurrent conversations, throughput, peak RSS of the Rasa server.

Figures, not tests: the machine is shared and noisy, so compare medians across runs.
"""
import sys

from bench import conversation, search


def main() -> int:
    print("== Program search (full directory) ==", flush=True)
    search.main([])
    print("\n== Conversations: this assistant vs rasa init ==", flush=True)
    print(conversation.run(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
