#!/usr/bin/env python3
"""Tonight's delta for a source: UPDATED rows of last night's extract renamed or moved, and NEW rows of
other people under new ids. Usage: make-delta.py LAST_NIGHT.csv ARRIVALS.csv UPDATED NEW OUT.csv"""
import csv, random, sys

last, arrivals, updated, new, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rng = random.Random(20261202)
with open(last, newline='') as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
col = {name: i for i, name in enumerate(header)}
changed = rng.sample(rows, updated)
for i, row in enumerate(changed):
    donor = rows[rng.randrange(len(rows))]
    if i % 2 == 0:
        row[col['family_name']] = donor[col['family_name']] if donor[col['family_name']] != row[col['family_name']] else row[col['family_name']] + '-Smith'
    else:
        for c in ('postcode', 'address_line1', 'city'):
            row[col[c]] = donor[col[c]]
        row[col['address_line1']] += ' Flat 2'
with open(arrivals, newline='') as f:
    reader = csv.reader(f)
    next(reader)
    fresh = [r for _, r in zip(range(new), reader)]
for row in fresh:
    row[col['record_id']] = 'n-' + row[col['record_id']]
delta = changed + fresh
rng.shuffle(delta)
with open(out, 'w', newline='') as f:
    writer = csv.writer(f, lineterminator='\n')
    writer.writerow(header)
    writer.writerows(delta)
print(f'{out}: {len(changed)} updated, {len(fresh)} new')
