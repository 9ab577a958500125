#!/usr/bin/env python3
"""Rebuild every book frame of a recorded day from its files alone, as docs/output_contract.md describes.

    python3 docs/examples/rebuild_frames.py data/kraken/BTCUSD/20261204

Needs nothing beyond Python's standard library. Reads the events ledger, the snapshot CSV files it names and
the diffs, replays them in recv_seq order, and compares the top levels of its book with every row of
orderbook_ws_depth at that row's recv_seq. Exit 0 when every frame is rebuilt, 1 at the first difference.
"""
import csv
import gzip
import json
import pathlib
import sys
from decimal import Decimal


def rows(path):
    with gzip.open(path, "rt", newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


class Book:
    """One side each, price text -> qty text; the price's value orders the levels."""

    def __init__(self, depth):
        self.depth = depth  # levels kept per side after each message (Kraken, Bitfinex), None for Binance
        self.bids, self.asks = {}, {}

    def clear(self):
        self.bids, self.asks = {}, {}

    def set(self, side, price, qty):
        levels = self.bids if side == "b" else self.asks
        key = Decimal(price)
        if Decimal(qty) == 0:
            levels.pop(key, None)
        else:
            levels[key] = (price, qty)

    def cut(self):
        if self.depth:
            for levels, best_first in ((self.bids, True), (self.asks, False)):
                for k in sorted(levels, reverse=best_first)[self.depth:]:
                    del levels[k]

    def top(self, n):
        bids = [self.bids[k] for k in sorted(self.bids, reverse=True)[:n]]
        asks = [self.asks[k] for k in sorted(self.asks)[:n]]
        return bids, asks


def main(day):
    day = pathlib.Path(day)
    exchange, symbol_fs, date = day.parts[-3], day.parts[-2], day.parts[-1]
    events = list(rows(day / f"events_{symbol_fs}_{date}.csv.gz"))
    # the depth Kraken's and Bitfinex's books are cut to: the book subscription's, which each run may change, or the
    # depth the day opened with (window_start) or a day_open or periodic snapshot of a synced book carries (a day that
    # opened while the recorder ran has no subscribed row)
    def depth_of(e, d):
        if exchange == "binance":
            return None
        if (e["type"] == "subscribed" and d.get("channel") == "book" or e["type"] == "snapshot" and d.get("source") == "book"
                or e["type"] == "window_start"):
            return d.get("depth")
        return None

    inputs = []
    depth = None
    for e in events:
        d = json.loads(e["details"])
        levels = depth_of(e, d)
        if levels:
            depth = depth or levels
            inputs.append((int(e["recv_seq"]), 1, "depth", levels))
    book = Book(depth)

    # inputs in recv_seq order: diffs, snapshots and depth changes (a subscription, a day_open snapshot: after the
    # input whose recv_seq they carry)
    diffs_file = day / "diffs" / f"depth_diffs_{symbol_fs}_{date}.ndjson.gz"
    with gzip.open(diffs_file, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            inputs.append((d["recv_seq"], 0, "diff", d))
    for e in events:
        if e["type"] == "snapshot":
            d = json.loads(e["details"])
            rank = 1 if d["source"] == "book" else 0
            inputs.append((int(e["recv_seq"]), rank, "snapshot", (e, d)))
    inputs.sort(key=lambda i: (i[0], i[1]))

    frames_file = day / f"orderbook_ws_depth_{symbol_fs}_{date}.csv.gz"
    frames = {int(r["recv_seq"]): r for r in rows(frames_file)} if frames_file.exists() else {}
    levels = sum(1 for c in next(iter(frames.values())) if c.startswith("bid_px_")) if frames else 0

    seen = []          # diffs so far: a REST snapshot names the ones it re-applied
    last_id = None     # Binance: the book's last update id
    checked = 0
    reapplied = 0
    for seq, rank, kind, item in inputs:
        if kind == "depth":
            book.depth = item  # from the next input on
            continue
        if kind == "diff":
            d = item
            seen.append(d)
            if exchange == "binance":
                if last_id is not None and d["u"] <= last_id:
                    continue  # older than the book: dropped, as Binance documents
                last_id = d["u"]
            for side in ("b", "a"):
                for price, qty in d[side]:
                    book.set(side, price, qty)
            book.cut()
        else:
            e, d = item
            book.clear()
            snap = day / "snapshots" / f"snapshot_{e['event_id']}_{e['tag']}.csv"
            with open(snap, newline="", encoding="utf-8") as f:
                for level in csv.DictReader(f):
                    book.set("b" if level["side"] == "bid" else "a", level["price"], level["qty"])
            book.cut()
            last_id = d.get("last_update_id")
            if "reapplied_first_recv_seq" in d:
                reapplied += 1
                # the recorded updates the recorder re-applied over this snapshot, in order
                for u in seen:
                    if d["reapplied_first_recv_seq"] <= u["recv_seq"] <= d["reapplied_last_recv_seq"]:
                        for side in ("b", "a"):
                            for price, qty in u[side]:
                                book.set(side, price, qty)
                        book.cut()
                        if exchange == "binance":
                            last_id = u["u"]
        frame = frames.get(seq) if rank == 0 else None
        if frame is None:
            continue
        bids, asks = book.top(levels)
        for i in range(levels):
            want = (frame[f"bid_px_{i + 1}"], frame[f"bid_qty_{i + 1}"], frame[f"ask_px_{i + 1}"], frame[f"ask_qty_{i + 1}"])
            got = (bids[i] if i < len(bids) else ("", "")) + (asks[i] if i < len(asks) else ("", ""))
            if want != got:
                print(f"{day}: frame at recv_seq {seq}, level {i + 1}: recorded {want}, rebuilt {got}")
                return 1
        checked += 1
    if checked != len(frames):
        print(f"{day}: {len(frames) - checked} frame(s) at recv_seq values no input has")
        return 1
    print(f"{day}: {checked} frames rebuilt from the files alone, all equal ({reapplied} snapshot(s) with updates re-applied)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
