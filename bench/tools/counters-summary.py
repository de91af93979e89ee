#!/usr/bin/env python3
"""Mean and max per counter of dotnet-counters CSV files."""
import collections, csv, sys
for f in sys.argv[1:]:
    agg = collections.defaultdict(list)
    for r in list(csv.reader(open(f)))[1:]:
        try: agg[r[2]].append(float(r[4]))
        except (ValueError, IndexError): pass
    print(f"== {f}")
    for k, v in agg.items(): print(f"{k[:100]:100s} mean {sum(v)/len(v):14.2f}  max {max(v):14.2f}")
