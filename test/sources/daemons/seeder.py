"""A libtorrent seeder for the daemon tests: makes deterministic content, a v1-only .torrent
(Transmission 3.00 refuses hybrid ones) that announces to the given tracker, seeds it on
127.0.0.1 at a capped rate (so a download lasts long enough to be seen at 1 Hz), and prints one
JSON line {"torrent", "infoHash", "port", "size"} (it listens on 127.0.0.2). It exits when its stdin closes, so it never
outlives the test that started it.

usage: /usr/bin/python3 seeder.py DIR TRACKER_URL SIZE_BYTES RATE_BYTES_PER_S [COUNT]
COUNT > 1 only makes COUNT small torrents (no seeding) for the 1,000-torrent bench.
"""
import json
import os
import random
import sys
import threading
import time

import libtorrent as lt


def make(dir_, name, size, tracker, seed):
    data_dir = os.path.join(dir_, "content")
    os.makedirs(data_dir, exist_ok=True)
    rnd = random.Random(seed)
    with open(os.path.join(data_dir, name), "wb") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 20)
            f.write(rnd.randbytes(n))
            left -= n
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(data_dir, name))
    ct = lt.create_torrent(fs, 16384 if size < (1 << 20) else 65536, flags=lt.create_torrent.v1_only)
    ct.add_tracker(tracker)
    lt.set_piece_hashes(ct, data_dir)
    path = os.path.join(dir_, name + ".torrent")
    with open(path, "wb") as f:
        f.write(lt.bencode(ct.generate()))
    return path, data_dir


def main():
    dir_, tracker, size, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    if count > 1:
        paths = [make(dir_, "small-%04d.bin" % i, size, tracker, i)[0] for i in range(count)]
        print(json.dumps({"torrents": paths, "content": os.path.join(dir_, "content")}), flush=True)
        return
    path, data_dir = make(dir_, "payload.bin", size, tracker, 7)
    ses = lt.session({
        # 127.0.0.2, not the daemons' 127.0.0.1: the tracker hands everyone their own address too, and a
        # libtorrent that dials itself bans that IP in the torrent's peer list.
        "listen_interfaces": "127.0.0.2:0",
        "outgoing_interfaces": "127.0.0.2",
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "upload_rate_limit": rate,
        "alert_mask": lt.alert.category_t.all_categories if os.environ.get("SEEDER_DEBUG") else 0,
    })
    # Loopback peers sit in libtorrent's unlimited local class: map every address to the global
    # class so the upload cap applies.
    f = lt.ip_filter()
    f.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
    ses.set_peer_class_filter(f)
    ti = lt.torrent_info(path)
    h = ses.add_torrent({"ti": ti, "save_path": data_dir, "flags": lt.torrent_flags.seed_mode})
    deadline = time.time() + 30
    while ses.listen_port() == 0 and time.time() < deadline:
        time.sleep(0.05)
    print(json.dumps({"torrent": path, "infoHash": str(ti.info_hashes().v1), "port": ses.listen_port(), "size": size}), flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        time.sleep(2)
        # Transmission drops 127.x peers from tracker answers (its "martian" check) but accepts
        # incoming ones: announce often, so we learn the daemon's address and dial it.
        h.force_reannounce(0, -1, lt.reannounce_flags_t.ignore_min_interval)
        if os.environ.get("SEEDER_DEBUG"):
            with open(os.environ["SEEDER_DEBUG"], "a") as f:
                for a in ses.pop_alerts():
                    f.write(a.what() + " " + a.message() + "\n")


main()
